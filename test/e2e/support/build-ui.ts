// Builds the editor before the browser tests when `ui/dist` is missing or older than its
// sources, so the tests always exercise the real bundle that `npm start` serves.
import { buildUi, uiIsStale } from '../../../ui/build-if-stale.ts';

export default function setup(): void {
  if (uiIsStale() || process.env.HOOKFLOW_E2E_REBUILD) buildUi();
}

// The de-duplication rule of failure alerts, shared by the store adapters: the first failure
// of a kind (workflow + failed step + error code) claims the alert slot and sends; failures
// within `windowMs` of the last alert only count; the first failure after the window sends
// again and reports how many were suppressed since the previous alert. The sqlite adapter
// runs this function inside a write transaction; the mongo adapter mirrors it in one atomic
// update pipeline.
import type { AlertClaim } from './store.ts';

export type AlertSlotState = { lastSentAt: number; suppressed: number };

export function decideAlertSlot(
  state: AlertSlotState | null,
  now: number,
  windowMs: number,
): { claim: AlertClaim; next: AlertSlotState } {
  if (state === null) {
    return { claim: { send: true, suppressed: 0, previousAlertAt: null }, next: { lastSentAt: now, suppressed: 0 } };
  }
  // A clock behind the last alert (another process, a clock step) counts as inside the window.
  if (now - state.lastSentAt >= windowMs) {
    return {
      claim: { send: true, suppressed: state.suppressed, previousAlertAt: state.lastSentAt },
      next: { lastSentAt: now, suppressed: 0 },
    };
  }
  const suppressed = state.suppressed + 1;
  return { claim: { send: false, suppressed }, next: { lastSentAt: state.lastSentAt, suppressed } };
}

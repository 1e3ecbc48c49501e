// Builds the editor once before the browser tests when `ui/dist` is missing, so the tests
// always exercise the real bundle that `npm start` serves.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..', '..', '..');

export default function setup(): void {
  if (existsSync(path.join(root, 'ui', 'dist', 'index.html')) && !process.env.HOOKFLOW_E2E_REBUILD) return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'ui/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

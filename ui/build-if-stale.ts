// Builds the editor into ui/dist when it is missing or older than its sources, so that
// `npm start` and the browser tests always serve the current editor without rebuilding
// on every start. `--force` rebuilds regardless.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ui = import.meta.dirname;
const root = path.join(ui, '..');
const built = path.join(ui, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

export function uiIsStale(): boolean {
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(path.join(ui, 'src')),
    statSync(path.join(ui, 'index.html')).mtimeMs,
    statSync(path.join(ui, 'vite.config.ts')).mtimeMs,
  );
  return sources > statSync(built).mtimeMs;
}

export function buildUi(): void {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'ui/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
      // Always the production bundle: under vitest (the browser tests' global setup) NODE_ENV
      // is "test", which made Vite build React's development code into ui/dist — which
      // `npm start` then served until the sources changed.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

if (import.meta.main) {
  if (process.argv.includes('--force') || uiIsStale()) buildUi();
}

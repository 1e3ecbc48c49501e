// The V8 flags `npm start` runs the server with (package.json config.nodeFlags), so that
// child processes in tests and the bench run exactly as production does.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));

export const NODE_FLAGS: string[] = String(pkg.config?.nodeFlags ?? '')
  .split(/\s+/)
  .filter(Boolean);

// The npm registry mirror on these machines does not serve some optional platform builds
// (biome for android/darwin/win32/musl, msgpackr-extract for darwin/win32/arm). `npm install`
// then leaves them out of package-lock.json, and `npm ci` refuses the lockfile as out of
// sync. This records each missing optional platform package with its os/cpu, so `npm ci`
// skips it on this platform without fetching, and installs it where it applies.
// Idempotent; plain JavaScript because it runs before node_modules (and Node 24) exist.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const added = [];
for (const meta of Object.values(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (packages[key]) continue;
    const m = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|arm|ia32)(-musl)?$/.exec(dep);
    if (!m) continue;
    packages[key] = { version, cpu: [m[2]], optional: true, os: [m[1]], ...(m[3] ? { libc: ['musl'] } : {}), ...(meta.dev ? { dev: true } : {}) };
    added.push(dep);
  }
}
if (added.length > 0) {
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: recorded optional platform packages ${added.join(', ')}`);
}

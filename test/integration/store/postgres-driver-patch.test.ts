// The postinstall patch of the postgres driver (server/cli/patch-postgres-driver.mjs): a write
// buffered when the connection closes crashed the process (porsager/postgres#1208).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'server', 'cli', 'patch-postgres-driver.mjs');
const MARK = 'hookflow: porsager/postgres#1208';

// The three places as postgres 3.4.9 has them.
const ORIGINAL = `
  function nextWrite(fn) {
    const x = socket.write(chunk, fn)
    nextWriteTimer !== null && clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    return x
  }
  function terminate() {
    clearImmediate(nextWriteTimer)
    if (socket) {
      socket.end()
    }
  }
  async function closed(hadError) {
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)
    socket = null
  }
`;

function runOn(sources: Record<string, string>): Record<string, string> {
  const tmp = tempDir();
  try {
    mkdirSync(path.join(tmp.dir, 'server', 'cli'), { recursive: true });
    copyFileSync(SCRIPT, path.join(tmp.dir, 'server', 'cli', 'patch-postgres-driver.mjs'));
    for (const [variant, text] of Object.entries(sources)) {
      mkdirSync(path.join(tmp.dir, 'node_modules', 'postgres', variant), { recursive: true });
      writeFileSync(path.join(tmp.dir, 'node_modules', 'postgres', variant, 'connection.js'), text);
    }
    const run = () =>
      execFileSync(process.execPath, [path.join(tmp.dir, 'server', 'cli', 'patch-postgres-driver.mjs')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    run();
    run(); // idempotent
    return Object.fromEntries(
      Object.keys(sources).map((v) => [
        v,
        readFileSync(path.join(tmp.dir, 'node_modules', 'postgres', v, 'connection.js'), 'utf8'),
      ]),
    );
  } finally {
    tmp.cleanup();
  }
}

describe('postgres driver patch', () => {
  it('is applied to the installed driver, ESM and CommonJS alike', () => {
    for (const variant of ['src', 'cjs/src']) {
      const text = readFileSync(path.join(ROOT, 'node_modules', 'postgres', variant, 'connection.js'), 'utf8');
      expect(text.split(MARK).length - 1, variant).toBe(3);
    }
  });

  it('guards the write and forgets the cancelled timer, once however often it runs', () => {
    const { src } = runOn({ src: ORIGINAL });
    expect(src.split(MARK).length - 1).toBe(3);
    expect(src).toMatch(
      /function nextWrite\(fn\) \{\n {4}if \(!socket\) \{[^\n]*\n[\s\S]*?CONNECTION_CLOSED[\s\S]*?return false/,
    );
    expect(src.match(/clearImmediate\(nextWriteTimer\)\n {4}nextWriteTimer = null/g)).toHaveLength(2);
  });

  it('leaves a driver it does not know untouched', () => {
    const changed = ORIGINAL.replace(
      'const x = socket.write(chunk, fn)',
      'const x = socket && socket.write(chunk, fn)',
    );
    expect(runOn({ src: changed }).src).toBe(changed);
  });
});

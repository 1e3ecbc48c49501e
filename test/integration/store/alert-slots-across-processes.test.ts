// De-duplication of failure alerts holds across processes sharing one SQLite file (api and
// worker roles on the embedded store): of 3 × 20 simultaneous claims exactly one sends, and
// every other one is counted once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { AlertClaim } from '../../../server/store/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const CLAIMER = path.join(import.meta.dirname, 'claim-alert-slots-process.ts');

function claimer(dataDir: string, startAt: number, count: number): Promise<AlertClaim[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLAIMER, dataDir, String(startAt), String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`claimer exited ${code}`))));
  });
}

describe('alert slots across processes', () => {
  const tmp = tempDir();
  afterEach(() => tmp.cleanup());

  it('exactly one of 60 simultaneous claims from 3 processes sends', async () => {
    // Create the file and run the migrations once, before the processes race.
    await createSqliteStore({ dataDir: tmp.dir }).close();
    const startAt = Date.now() + 1500;
    const results = (await Promise.all([0, 1, 2].map(() => claimer(tmp.dir, startAt, 20)))).flat();
    expect(results).toHaveLength(60);
    expect(results.filter((c) => c.send)).toEqual([{ send: true, suppressed: 0, previousAlertAt: null }]);
    const counted = results.filter((c) => !c.send).map((c) => c.suppressed);
    expect(counted.sort((a, b) => a - b)).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
  });
});

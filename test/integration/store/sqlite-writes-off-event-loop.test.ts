// With the SQLite file shared between processes, writes that wait for another process's
// write lock must wait off the event loop (through the write batcher), not inside SQLite's
// busy handler, which would freeze the whole process for up to BUSY_TIMEOUT_MS.

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store, TriggerSample } from '../../../server/store/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const trigger = { method: 'POST', path: '/', headers: {}, query: {}, body: null, receivedAt: '' };

describe('sqlite writes while another process holds the write lock', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let other: DatabaseSync;
  beforeEach(() => {
    tmp = tempDir();
    store = createSqliteStore({ dataDir: tmp.dir });
    other = new DatabaseSync(path.join(tmp.dir, 'hookflow.db'));
  });
  afterEach(async () => {
    other.close();
    await store.close();
    tmp.cleanup();
  });

  /** Starts `write` while `other` holds the lock; asserts it did not block, then lets it commit. */
  async function offTheLoop<T>(write: () => Promise<T>): Promise<T> {
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const pending = write();
    expect(performance.now() - started).toBeLessThan(1000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((r) => setTimeout(r, 100));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5); // the event loop ran while the write waited
    other.exec('COMMIT');
    return pending;
  }

  it('leases, requeueRunning, reopenExecution and trigger samples all wait without blocking', async () => {
    expect(await offTheLoop(() => store.tryAcquireLease('sweep', 'a', 60_000))).toBe(true);

    const [running, failed] = [ulid(), ulid()];
    for (const id of [running, failed]) {
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      await store.claimExecution(id, 'w1', 60_000);
    }
    await store.finishExecution(failed, 'w1', { status: 'failed', error: { message: 'boom' } });
    expect(await offTheLoop(() => store.requeueRunning())).toBe(1);
    expect(await offTheLoop(() => store.reopenExecution(failed))).toBe(true);
    expect((await store.getExecution(running))?.status).toBe('queued');
    expect((await store.getExecution(failed))?.status).toBe('queued');

    const sample: TriggerSample = {
      id: ulid(),
      workflowId: 'w',
      receivedAt: Date.now(),
      method: 'POST',
      path: '/',
      headers: {},
      query: {},
      body: null,
      verification: { ok: null },
    };
    await offTheLoop(() => store.saveSample(sample, 5));
    expect(await store.listSamples('w', 5)).toHaveLength(1);
  });
});

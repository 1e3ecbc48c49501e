// Api and worker processes share one SQLite file. While another connection holds the write
// lock, a store's writes wait for it without freezing the process (its event loop keeps
// serving HTTP and renewing leases), then commit.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const trigger = { method: 'POST', path: '/', headers: {}, query: {}, body: null, receivedAt: '' };

describe('a SQLite file shared between processes', () => {
  const tmp = tempDir();
  afterEach(() => tmp.cleanup());

  it('waits for another writer off the event loop, then commits', async () => {
    const store = createSqliteStore({ dataDir: tmp.dir });
    const other = new DatabaseSync(path.join(tmp.dir, 'hookflow.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const id = ulid();
      const started = Date.now();
      const created = store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: started });
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      await new Promise((r) => setTimeout(r, 300));
      expect(ticks).toBeGreaterThan(20); // the loop ran while the write waited
      expect(await store.getExecution(id)).toBeNull();
      other.exec('COMMIT');
      expect(await created).toEqual({ created: true, id });
      clearInterval(ticker);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect((await store.getExecution(id))?.status).toBe('queued');
    } finally {
      other.close();
      await store.close();
    }
  });
});

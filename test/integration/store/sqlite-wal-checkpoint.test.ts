// The WAL is copied back into the database file by the checkpointer's own thread
// (wal-checkpointer.ts), not by SQLite's automatic checkpoint inside a COMMIT on the event
// loop: checkpoints start after a few dozen commits, long before SQLite's own 1,000-page
// mark, and the WAL stays bounded under a steady stream of writes.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const trigger = { method: 'POST', path: '/', headers: {}, query: {}, body: { pad: 'x'.repeat(200) }, receivedAt: '' };
const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

describe('sqlite WAL checkpoints', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let file: string;
  beforeEach(() => {
    tmp = tempDir();
    store = createSqliteStore({ dataDir: tmp.dir });
    file = path.join(tmp.dir, 'hookflow.db');
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  const commits = async (n: number) => {
    // One create per turn: each is its own batch, so its own COMMIT.
    for (let i = 0; i < n; i++) {
      await store.createExecution({ id: ulid(), workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
    }
  };

  it('checkpoints in its own thread after a few dozen commits, well before SQLite would', async () => {
    const before = size(file);
    await commits(100);
    // 100 small commits are far from SQLite's 1,000-page automatic checkpoint.
    expect(size(`${file}-wal`)).toBeLessThan(1000 * 4096);
    const deadline = Date.now() + 10_000;
    while (size(file) <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(size(file)).toBeGreaterThan(before);
    // Everything committed is readable, checkpointed or not.
    expect((await store.listExecutions({ limit: 200 })).items).toHaveLength(100);
  });

  it('keeps the WAL bounded under a steady stream of commits', async () => {
    await commits(4000);
    // Without checkpoints 4,000 commits of a 1 kB row and its index entries would pass 90 MB.
    expect(size(`${file}-wal`)).toBeLessThan(64 * 1024 * 1024);
    expect((await store.listExecutions({ limit: 1 })).items).toHaveLength(1);
  });
});

// WAL checkpoints leave the event loop while writes flow (store/sqlite/checkpointer.ts): a
// thread of its own copies the log into the database file, the store's connection stops
// checkpointing, and it takes the checkpoints back when writes stop, when the store closes,
// or when the thread fails. Real SQLite files, real worker threads, the real write batcher.

import { statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECKPOINTER_DEFAULTS,
  type CheckpointerOptions,
  createCheckpointer,
} from '../../../server/store/sqlite/checkpointer.ts';
import { openDatabase } from '../../../server/store/sqlite/open-database.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { createWriteBatcher } from '../../../server/store/sqlite/write-batcher.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { until } from '../../helpers/until.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const autoCheckpoint = (db: DatabaseSync) =>
  (db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

/** A database with the store's schema, its write batcher and a checkpointer with small thresholds. */
function rig(overrides: Partial<CheckpointerOptions> = {}) {
  const file = path.join(tmp.dir, 'hookflow.db');
  const db = openDatabase({ file, synchronous: 'normal' });
  const failures: Error[] = [];
  const checkpointer = createCheckpointer(db, {
    ...CHECKPOINTER_DEFAULTS,
    startAfterWrites: 50,
    checkpointEveryWrites: 50,
    idleMs: 400,
    file,
    synchronous: 'normal',
    onThreadFailed: (err) => failures.push(err),
    ...overrides,
  });
  const write = createWriteBatcher(db, { onCommit: checkpointer.noteCommit });
  const insert = db.prepare(
    `INSERT INTO executions (id, workflow_id, workflow_version, status, trigger, created_at) VALUES (?, 'wf', 1, 'queued', ?, 0)`,
  );
  let n = 0;
  /** `count` writes, 10 per commit, each a 1 kB row (a page of the log each few writes). */
  const writeRows = async (count: number) => {
    for (let i = 0; i < count; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, () => {
          const id = `E${String(n++).padStart(10, '0')}`;
          return write(() => insert.run(id, 'x'.repeat(1000)));
        }),
      );
    }
  };
  const close = async () => {
    await checkpointer.close();
    db.close();
  };
  return { db, checkpointer, writeRows, failures, close };
}

describe('WAL checkpoints off the event loop', () => {
  it('move to a thread of their own while writes flow, and come back when they stop', async () => {
    const r = rig();
    expect(r.checkpointer.threaded).toBe(false);
    expect(autoCheckpoint(r.db)).toBe(1000); // at rest the connection checkpoints, as SQLite does

    await r.writeRows(100);
    await until('the checkpoint thread', () => r.checkpointer.threaded);
    expect(autoCheckpoint(r.db)).toBe(0);

    // ~300 pages: far below the connection's own 1,000-page trigger, so whatever was copied
    // into the database file, the thread copied.
    await r.writeRows(600);
    await until('a checkpoint by the thread', () => r.checkpointer.checkpoints > 0);

    await until('the thread to end once writes stop', () => !r.checkpointer.threaded, 5000);
    expect(autoCheckpoint(r.db)).toBe(1000);
    // And it starts again with the next stream of writes.
    await r.writeRows(100);
    await until('the checkpoint thread again', () => r.checkpointer.threaded);
    await r.close();
    expect(r.failures).toEqual([]);
  });

  it('counts the writes that come while the last thread is ending, and starts the next once it has', async () => {
    const threadUrl = new URL('../../fixtures/checkpoint/slow-to-end-thread.mjs', import.meta.url);
    const r = rig({ threadUrl, idleMs: 300 });
    await r.writeRows(100);
    await until('the checkpoint thread', () => r.checkpointer.threaded);
    await until('the idle thread to hand back', () => !r.checkpointer.threaded, 5000);
    // It takes a second to end; these writes all come before it has.
    await r.writeRows(100);
    expect(r.checkpointer.threaded).toBe(false);
    await until('the next thread, with no further write', () => r.checkpointer.threaded, 5000);
    await r.close();
    expect(r.failures).toEqual([]);
  });

  it('restarts the log once it outgrows restartAtFrames, so that it does not grow with the stream', async () => {
    const r = rig({ restartAtFrames: 200, idleMs: 60_000 });
    await r.writeRows(100);
    await until('the checkpoint thread', () => r.checkpointer.threaded);
    await r.writeRows(3000); // ~9,000 pages of log if it never started over
    await until('a restart of the log', () => r.checkpointer.restarts > 0);
    await r.close();
  });

  it('lets the connection checkpoint again while the thread lags, and stand down when it catches up', async () => {
    const threadUrl = new URL('../../fixtures/checkpoint/slow-thread.mjs', import.meta.url);
    const r = rig({ threadUrl, lagLimitWrites: 300, idleMs: 60_000 });
    await r.writeRows(100);
    await until('the thread to start', () => r.checkpointer.threaded);
    expect(autoCheckpoint(r.db)).toBe(0);
    // Its answer to the first checkpoint command takes 2 s; 300 writes come sooner.
    await r.writeRows(400);
    expect(autoCheckpoint(r.db)).toBe(1000);
    expect(r.checkpointer.threaded).toBe(true);
    await until('the thread to catch up', () => autoCheckpoint(r.db) === 0, 5000);
    await r.close();
    expect(r.failures).toEqual([]);
  });

  it('hands the checkpoints back to the connection when the thread fails, and says so', async () => {
    const threadUrl = new URL('../../fixtures/checkpoint/failing-thread.mjs', import.meta.url);
    const r = rig({ threadUrl, retryAfterMs: 300 });
    await r.writeRows(100);
    await until('the thread to start', () => r.checkpointer.threaded);
    expect(autoCheckpoint(r.db)).toBe(0);
    await r.writeRows(100); // its first checkpoint command makes it fail
    await until('the failure to be reported', () => r.failures.length > 0);
    expect(r.failures[0].message).toContain('disk I/O error (injected)');
    expect(r.checkpointer.threaded).toBe(false);
    expect(autoCheckpoint(r.db)).toBe(1000);
    // Writes never noticed: they go on committing, checkpointed by the connection.
    await r.writeRows(100);
    // After retryAfterMs a new thread is tried (this one fails again, and is reported again).
    await new Promise((res) => setTimeout(res, 350));
    await until('a second attempt', async () => {
      await r.writeRows(50);
      return r.failures.length > 1;
    });
    expect(autoCheckpoint(r.db)).toBe(1000);
    await r.close();
  });

  it('settles the commits that would have started a thread that cannot be created', async () => {
    // The start runs inside the write batcher's commit callback; a thread the runtime refuses
    // at once (here: an entry that is not a file; in production: a worker that cannot be
    // initialised) must cost no commit its answer, and the connection keeps checkpointing.
    const threadUrl = new URL('https://example.invalid/checkpoint-thread.mjs');
    const r = rig({ threadUrl, retryAfterMs: 60_000 });
    await r.writeRows(100);
    expect(r.failures[0]?.message).toMatch(/scheme file/);
    expect(r.checkpointer.threaded).toBe(false);
    expect(autoCheckpoint(r.db)).toBe(1000);
    // Later commits go on as before, and no second attempt comes before retryAfterMs.
    await r.writeRows(100);
    expect(r.failures).toHaveLength(1);
    expect((r.db.prepare('SELECT count(*) AS n FROM executions').get() as { n: number }).n).toBe(200);
    await r.close();
  });

  it('ends the thread, last checkpoint included, when the store closes', async () => {
    const dataDir = tmp.dir;
    const store = createSqliteStore({ dataDir, checkpointer: { startAfterWrites: 20 } });
    for (let i = 0; i < 40; i++) await store.tryAcquireLease(`lease-${i}`, 'me', 60_000);
    await until('the checkpoint thread', () => store.checkpointer?.threaded);
    // The thread holds the process open only while it ends; close() resolves once it has.
    await store.close();
    expect(store.checkpointer?.threaded).toBe(false);
    // The last connection closed with the log fully copied: SQLite removed it.
    expect(() => statSync(path.join(dataDir, 'hookflow.db-wal'))).toThrow();
  });

  it('has no thread for an in-memory database, and none when turned off', async () => {
    const memory = createSqliteStore({ dataDir: tmp.dir, file: ':memory:' });
    expect(memory.checkpointer).toBeNull();
    await memory.close();
    const off = createSqliteStore({ dataDir: tmp.dir, checkpointer: false });
    expect(off.checkpointer).toBeNull();
    await off.close();
  });
});

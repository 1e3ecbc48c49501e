// When SQLite abandons the batch's transaction mid-batch (here SQLITE_FULL, from a page limit
// that a real full disk would set), nothing of the batch is committed: ops before the failure
// were rolled back with it and must be rejected, ops after it must not run in autocommit.

import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomically, createWriteBatcher } from '../../../server/store/sqlite/write-batcher.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('write batcher', () => {
  it('rejects the whole batch and runs nothing more when SQLite abandons the transaction', async () => {
    const db = new DatabaseSync(path.join(tmp.dir, 'full.db'));
    db.exec('CREATE TABLE t (x TEXT)');
    const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    db.exec(`PRAGMA max_page_count = ${pages + 3}`);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const write = createWriteBatcher(db);
    // Issued in one turn of the event loop: one batch.
    const outcomes = await Promise.allSettled([
      write(() => insert.run('before')),
      write(() => insert.run('x'.repeat(200_000))),
      write(() => insert.run('after')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason.errcode & 0xff).toBe(13); // SQLITE_FULL
    expect(db.prepare('SELECT x FROM t').all()).toEqual([]);
    expect(db.isTransaction).toBe(false);
    // The batcher goes on working once there is room.
    await expect(write(() => insert.run('later'))).resolves.toMatchObject({ changes: 1 });
    expect(db.prepare('SELECT x FROM t').all()).toEqual([{ x: 'later' }]);
    db.close();
  });

  it('reports the cause when the transaction is abandoned inside a multi-statement op', async () => {
    const db = new DatabaseSync(path.join(tmp.dir, 'full-savepoint.db'));
    db.exec('CREATE TABLE t (x TEXT)');
    const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    db.exec(`PRAGMA max_page_count = ${pages + 3}`);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const write = createWriteBatcher(db);
    const op = write(() =>
      atomically(db, () => {
        insert.run('first');
        insert.run('x'.repeat(200_000));
      }),
    );
    await expect(op).rejects.toMatchObject({ message: 'database or disk is full' });
    expect(db.prepare('SELECT x FROM t').all()).toEqual([]);
    db.close();
  });
});

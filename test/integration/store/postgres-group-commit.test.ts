// Group commit on PostgreSQL: a burst of webhooks costs a few commits, not one each, and a
// bad write in a batch fails alone (PostgreSQL aborts the whole transaction on an error, so
// the batchers re-run each op on its own; nothing of the failed batch was committed).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { connectPostgres, type Sql } from '../../../server/store/postgres/connect.ts';
import { pgStoreFromSql } from '../../../server/store/postgres/postgres-store.ts';
import { createPgWriteBatcher } from '../../../server/store/postgres/write-batcher.ts';
import type { Store } from '../../../server/store/store.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';

const trigger = { method: 'POST', path: '/hooks/x', headers: {}, query: {}, body: { n: 1 }, receivedAt: '' };

describe('PostgreSQL group commit', () => {
  let db: TestDatabase;
  let sql: Sql;
  let store: Store;
  beforeEach(async () => {
    db = await createTestDatabase('hookflow_group_commit');
    sql = await connectPostgres({ url: db.url });
    store = pgStoreFromSql(sql);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** How many transactions wrote the rows that are in `table` now: each row version carries
   * the id of the transaction that wrote it (xmin). */
  async function writers(table: string): Promise<number> {
    const [r] = await sql.unsafe<{ n: number }[]>(`SELECT COUNT(DISTINCT xmin::text) AS n FROM ${table}`);
    return r.n;
  }

  it('commits a burst of 500 webhooks in a handful of transactions, each acknowledged after its commit', async () => {
    const ids = Array.from({ length: 500 }, () => ulid());
    const results = await Promise.all(
      ids.map((id) =>
        store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() }),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    // One multi-row INSERT per event-loop turn (at most 500 rows each), not one per webhook.
    expect(await writers('executions')).toBeLessThanOrEqual(10);
    expect((await store.listExecutions({ limit: 1000 })).items).toHaveLength(500);
  });

  it('commits a burst of 200 webhooks with dedupe keys in a handful of transactions, each key with its execution', async () => {
    const ids = Array.from({ length: 200 }, () => ulid());
    const results = await Promise.all(
      ids.map((id, i) =>
        store.createExecution(
          { id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() },
          { key: `evt-${i % 150}`, expiresAt: Date.now() + 60_000 },
        ),
      ),
    );
    // 150 distinct keys: the first webhook of each key creates, the 50 repeats point at it.
    expect(results.filter((r) => r.created)).toHaveLength(150);
    for (const [i, r] of results.entries()) {
      if (!r.created) expect(r.existingId).toBe(ids[i % 150]);
    }
    expect(await writers('executions')).toBeLessThanOrEqual(10);
    // Each key and its execution were written by the same transaction.
    const [mismatch] = await sql<{ n: number }[]>`
      SELECT COUNT(*) AS n FROM dedupe_keys d JOIN executions e ON e.id = d.execution_id
      WHERE d.xmin::text <> e.xmin::text`;
    expect(mismatch.n).toBe(0);
  });

  it('a duplicate execution id fails alone; the rest of its batch is created', async () => {
    const taken = ulid();
    await store.createExecution({ id: taken, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
    const fresh = Array.from({ length: 20 }, () => ulid());
    const settled = await Promise.allSettled(
      [...fresh.slice(0, 10), taken, ...fresh.slice(10)].map((id) =>
        store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() }),
      ),
    );
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[10].status).toBe('rejected');
    for (const id of fresh) expect((await store.getExecution(id))?.status).toBe('queued');
  });

  it('a failing write fails alone; the writes batched with it are committed', async () => {
    const write = createPgWriteBatcher(sql);
    await sql`CREATE TABLE t (n INTEGER PRIMARY KEY)`;
    const settled = await Promise.allSettled([
      write((q) => q`INSERT INTO t VALUES (1)`),
      write((q) => q`INSERT INTO t VALUES (2)`),
      write((q) => q`INSERT INTO t VALUES (1)`), // duplicate: fails
      write((q) => q`INSERT INTO t VALUES (3)`),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await sql<{ n: number }[]>`SELECT n FROM t ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it('batches the worker path: 200 executions claimed, checkpointed and finished at once', async () => {
    const ids = Array.from({ length: 200 }, () => ulid());
    for (const id of ids)
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: 1 });
    await Promise.all(
      ids.map(async (id) => {
        expect(await store.claimExecution(id, 'worker', 30_000)).not.toBeNull();
        const step = { executionId: id, key: 's', stepId: 's', type: 'transform', status: 'succeeded' as const };
        const record = {
          ...step,
          attempt: 1,
          input: {},
          output: { ok: true },
          branches: null,
          error: null,
          wait: null,
        };
        expect(await store.saveStepRecords([{ ...record, startedAt: 1, finishedAt: 2 }], 'worker')).toBe(true);
        expect(await store.finishExecution(id, 'worker', { status: 'succeeded' })).toBe(true);
      }),
    );
    // Each of the three rounds (claims, checkpoints, finishes) went out in a few transactions.
    expect(await writers('step_records')).toBeLessThanOrEqual(10);
    expect(await writers('executions')).toBeLessThanOrEqual(10);
    expect((await store.listExecutions({ limit: 500, status: 'succeeded' })).items).toHaveLength(200);
  });
});

// Group commit for the ingest path. Executions created in the same turn of the event loop
// (a burst of webhooks) go to PostgreSQL as one multi-row INSERT: one statement, one commit,
// one WAL flush, and each caller's promise settles only after that commit, so a 202 still
// means durable. Further batches pipeline on the pool's connections.
import type { Sql } from './connect.ts';

export type ExecutionInsert = {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: 'queued';
  trigger: string;
  created_at: number;
};

type Pending = { row: ExecutionInsert; resolve: () => void; reject: (e: unknown) => void };

const COLUMNS = ['id', 'workflow_id', 'workflow_version', 'status', 'trigger', 'created_at'] as const;

export function createInsertBatcher(sql: Sql, maxBatch = 500): (row: ExecutionInsert) => Promise<void> {
  let pending: Pending[] = [];
  let scheduled = false;

  const insert = (rows: ExecutionInsert[]) => sql`INSERT INTO executions ${sql(rows, ...COLUMNS)}`;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    insert(batch.map((p) => p.row)).then(
      () => {
        for (const p of batch) p.resolve();
      },
      (err) => {
        if (batch.length === 1) return batch[0].reject(err);
        // One bad row (a duplicate id) must not fail its neighbours: retry each on its own.
        for (const p of batch) insert([p.row]).then(() => p.resolve(), p.reject);
      },
    );
  };

  return (row) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ row, resolve, reject });
      if (pending.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

// Group commit for the worker path. Writes issued in the same turn of the event loop (claims,
// step checkpoints, lease renewals, finishes of many executions running at once) are sent
// pipelined inside one transaction: one round trip and one WAL flush instead of one each.
// Each caller's promise settles only after the COMMIT, so a checkpoint reported as saved is
// saved. A failing statement aborts the whole transaction in PostgreSQL, so when a batch
// fails every op is re-run on its own (nothing of the batch was committed) and only the
// op that fails again reports an error. That also resolves the rare deadlock between two
// hosts' batches that lock the same executions in opposite orders: PostgreSQL aborts one
// batch, and its ops run again one by one. An op of several statements that must stay
// all-or-nothing says `atomic`: on its own it then runs in a transaction of its own.
import type { Sql, Tx } from './connect.ts';

export type PgWrite = <T>(op: (sql: Sql | Tx) => Promise<T>, opts?: { atomic?: boolean }) => Promise<T>;

type Pending = {
  op: (sql: Sql | Tx) => Promise<unknown>;
  atomic: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

export function createPgWriteBatcher(sql: Sql, maxBatch = 200): PgWrite {
  let pending: Pending[] = [];
  let scheduled = false;

  const alone = (p: Pending) => (p.atomic ? sql.begin((tx) => p.op(tx)) : p.op(sql)).then(p.resolve, p.reject);

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      alone(batch[0]);
      return;
    }
    sql
      .begin((tx) => Promise.all(batch.map((p) => p.op(tx))))
      .then(
        (values) => {
          for (const [i, p] of batch.entries()) p.resolve(values[i]);
        },
        () => {
          for (const p of batch) alone(p);
        },
      );
  };

  return <T>(op: (sql: Sql | Tx) => Promise<T>, opts: { atomic?: boolean } = {}) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ op, atomic: opts.atomic === true, resolve: resolve as (v: unknown) => void, reject });
      if (pending.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

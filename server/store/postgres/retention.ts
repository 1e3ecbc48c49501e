// Retention in PostgreSQL: finished executions and expired dedupe keys go in small batches,
// each its own short transaction, so no batch holds row locks for long and ingress inserts
// interleave. Every candidate query is served by an index (created_at, (workflow_id, id),
// expires_at).
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgRetention(sql: Sql): Pick<Store, 'pruneExecutions'> {
  const remove = (ids: string[]) =>
    sql.begin(async (tx) => {
      // Re-checks the status: an execution reopened meanwhile is no longer finished.
      const gone = await tx<{ id: string }[]>`
        DELETE FROM executions WHERE id IN ${tx(ids)} AND status IN ('succeeded', 'failed', 'cancelled')
        RETURNING id`;
      if (gone.length > 0) await tx`DELETE FROM step_records WHERE execution_id IN ${tx(gone.map((r) => r.id))}`;
      return gone.length;
    });

  /** Every expired key goes, one batch per statement, so the keys cannot outgrow the pruning. */
  const pruneDedupe = async (limit: number) => {
    const now = Date.now();
    for (;;) {
      const r = await sql`
        DELETE FROM dedupe_keys WHERE (workflow_id, key) IN (
          SELECT workflow_id, key FROM dedupe_keys WHERE expires_at <= ${now} ORDER BY expires_at LIMIT ${limit})`;
      if (r.count < limit) return;
    }
  };

  return {
    async pruneExecutions({ before, keepPerWorkflow, limit }) {
      await pruneDedupe(limit);
      const ids: string[] = [];
      if (before > 0) {
        const rows = await sql<{ id: string }[]>`
          SELECT id FROM executions WHERE created_at < ${before} AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY created_at LIMIT ${limit}`;
        for (const r of rows) ids.push(r.id);
      }
      if (keepPerWorkflow > 0 && ids.length < limit) {
        // Executions of deleted workflows fall to the age rule.
        for (const { id: workflowId } of await sql<{ id: string }[]>`SELECT id FROM workflows ORDER BY id`) {
          const [cut] = await sql<{ id: string }[]>`
            SELECT id FROM executions WHERE workflow_id = ${workflowId} ORDER BY id DESC LIMIT 1 OFFSET ${keepPerWorkflow}`;
          if (!cut) continue;
          const rows = await sql<{ id: string }[]>`
            SELECT id FROM executions WHERE workflow_id = ${workflowId} AND id <= ${cut.id} AND status IN ('succeeded', 'failed', 'cancelled')
            ORDER BY id LIMIT ${limit - ids.length}`;
          for (const r of rows) ids.push(r.id);
          if (ids.length >= limit) break;
        }
      }
      return ids.length === 0 ? 0 : remove([...new Set(ids)]);
    },
  };
}

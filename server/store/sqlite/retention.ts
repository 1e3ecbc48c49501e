// Retention in SQLite: deletes finished executions in small batches so that each call holds
// the write lock only briefly and ingress inserts interleave between batches.
import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '../store.ts';
import { transaction } from './open-database.ts';

const FINISHED = `status IN ('succeeded', 'failed', 'cancelled')`;

export function sqliteRetention(db: DatabaseSync): Pick<Store, 'pruneExecutions'> {
  const byAge = db.prepare(
    `SELECT id FROM executions WHERE created_at < ? AND ${FINISHED} ORDER BY created_at LIMIT ?`,
  );
  // From the (small) workflows table, not a scan of executions: node:sqlite is synchronous,
  // so every query here blocks the event loop for its duration. Executions of deleted
  // workflows fall to the age rule.
  const workflows = db.prepare('SELECT id FROM workflows ORDER BY id');
  // The id of the newest execution that is beyond the kept window of one workflow.
  const cutoff = db.prepare('SELECT id FROM executions WHERE workflow_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?');
  const beyond = db.prepare(
    `SELECT id FROM executions WHERE workflow_id = ? AND id <= ? AND ${FINISHED} ORDER BY id LIMIT ?`,
  );
  const delSteps = db.prepare('DELETE FROM step_records WHERE execution_id = ?');
  const delExec = db.prepare('DELETE FROM executions WHERE id = ?');

  const remove = (ids: string[]) =>
    transaction(db, () => {
      for (const id of ids) {
        delSteps.run(id);
        delExec.run(id);
      }
      return ids.length;
    });

  return {
    async pruneExecutions({ before, keepPerWorkflow, limit }) {
      const ids: string[] = [];
      if (before > 0) {
        for (const r of byAge.all(before, limit) as { id: string }[]) ids.push(r.id);
      }
      if (keepPerWorkflow > 0 && ids.length < limit) {
        for (const { id: workflowId } of workflows.all() as { id: string }[]) {
          const c = cutoff.get(workflowId, keepPerWorkflow) as { id: string } | undefined;
          if (!c) continue;
          for (const r of beyond.all(workflowId, c.id, limit - ids.length) as { id: string }[]) ids.push(r.id);
          if (ids.length >= limit) break;
        }
      }
      return ids.length === 0 ? 0 : remove([...new Set(ids)]);
    },
  };
}

// Retention in SQLite: deletes finished executions and expired dedupe keys in small batches,
// each one a write-batcher op, so that each holds the write lock only briefly, ingress
// inserts interleave between batches, and a lock held by another process is waited for off
// the event loop. (MongoDB drops expired dedupe keys by a TTL index; SQLite has none.)
import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '../store.ts';
import { atomically, type WriteBatcher } from './write-batcher.ts';

const FINISHED = `status IN ('succeeded', 'failed', 'cancelled')`;

export function sqliteRetention(db: DatabaseSync, write: WriteBatcher): Pick<Store, 'pruneExecutions'> {
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
  // dedupe_keys is WITHOUT ROWID: the batch is chosen by its primary key, through the
  // expiry index. A key is dead once expired (createExecution ignores it then).
  const delDedupe = db.prepare(
    `DELETE FROM dedupe_keys WHERE (workflow_id, key) IN (
       SELECT workflow_id, key FROM dedupe_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`,
  );

  const remove = (ids: string[]) =>
    write(() =>
      atomically(db, () => {
        for (const id of ids) {
          delSteps.run(id);
          delExec.run(id);
        }
        return ids.length;
      }),
    );

  /** Every expired key goes, one batch per write op, so the keys cannot outgrow the pruning. */
  const pruneDedupe = async (limit: number) => {
    const now = Date.now();
    while (Number((await write(() => delDedupe.run(now, limit))).changes) >= limit);
  };

  return {
    async pruneExecutions({ before, keepPerWorkflow, limit }) {
      await pruneDedupe(limit);
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

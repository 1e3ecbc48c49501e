// Waking a parked execution early: a `workflow.call` step parks its execution until the
// called workflow finishes, and the child's finish makes the parent due at once.
import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '../store.ts';
import type { WriteBatcher } from './write-batcher.ts';

export function sqliteExecutionWakeups(db: DatabaseSync, write: WriteBatcher): Pick<Store, 'wakeExecution'> {
  const wake = db.prepare(`UPDATE executions SET run_at = ? WHERE id = ? AND status = 'waiting'`);
  return {
    async wakeExecution(id, now = Date.now()) {
      return (await write(() => wake.run(now, id))).changes > 0;
    },
  };
}

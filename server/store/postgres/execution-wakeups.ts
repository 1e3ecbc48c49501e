// Waking a parked execution early: a `workflow.call` step parks its execution until the
// called workflow finishes, and the child's finish makes the parent due at once.
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgExecutionWakeups(sql: Sql): Pick<Store, 'wakeExecution'> {
  return {
    async wakeExecution(id, now = Date.now()) {
      return (await sql`UPDATE executions SET run_at = ${now} WHERE id = ${id} AND status = 'waiting'`).count > 0;
    },
  };
}

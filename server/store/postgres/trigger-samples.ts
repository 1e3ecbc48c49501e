// Captured test requests and the running-count used by per-workflow concurrency limits.
import type { Store, TriggerSample } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgTriggerSamples(sql: Sql): Pick<Store, 'saveSample' | 'listSamples' | 'countRunning'> {
  return {
    async saveSample(sample, keep) {
      await sql.begin(async (tx) => {
        await tx`INSERT INTO trigger_samples (workflow_id, id, received_at, data)
                 VALUES (${sample.workflowId}, ${sample.id}, ${sample.receivedAt}, ${JSON.stringify(sample)})`;
        await tx`DELETE FROM trigger_samples WHERE workflow_id = ${sample.workflowId} AND id NOT IN (
                   SELECT id FROM trigger_samples WHERE workflow_id = ${sample.workflowId} ORDER BY id DESC LIMIT ${keep})`;
      });
    },
    async listSamples(workflowId, limit) {
      const rows = await sql<{ data: string }[]>`
        SELECT data FROM trigger_samples WHERE workflow_id = ${workflowId} ORDER BY id DESC LIMIT ${limit}`;
      return rows.map((r) => JSON.parse(r.data) as TriggerSample);
    },
    async countRunning(workflowId) {
      const [r] = await sql<{ n: number }[]>`
        SELECT COUNT(*) AS n FROM executions WHERE workflow_id = ${workflowId} AND status = 'running'`;
      return r.n;
    },
  };
}

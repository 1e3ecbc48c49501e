// Captured test requests and the running-count used by per-workflow concurrency limits.
// Samples are written through the write batcher (no event-loop stall on a shared file).
import type { DatabaseSync } from 'node:sqlite';
import type { Store, TriggerSample } from '../store.ts';
import { atomically, type WriteBatcher } from './write-batcher.ts';

export function sqliteTriggerSamples(
  db: DatabaseSync,
  write: WriteBatcher,
): Pick<Store, 'saveSample' | 'listSamples' | 'countRunning'> {
  const insert = db.prepare('INSERT INTO trigger_samples (workflow_id, id, received_at, data) VALUES (?, ?, ?, ?)');
  const prune = db.prepare(
    `DELETE FROM trigger_samples WHERE workflow_id = ? AND id NOT IN (
       SELECT id FROM trigger_samples WHERE workflow_id = ? ORDER BY id DESC LIMIT ?)`,
  );
  const list = db.prepare('SELECT data FROM trigger_samples WHERE workflow_id = ? ORDER BY id DESC LIMIT ?');
  const running = db.prepare(`SELECT COUNT(*) AS n FROM executions WHERE workflow_id = ? AND status = 'running'`);
  return {
    async saveSample(sample, keep) {
      const data = JSON.stringify(sample);
      await write(() =>
        atomically(db, () => {
          insert.run(sample.workflowId, sample.id, sample.receivedAt, data);
          prune.run(sample.workflowId, sample.workflowId, keep);
        }),
      );
    },
    async listSamples(workflowId, limit) {
      return (list.all(workflowId, limit) as { data: string }[]).map((r) => JSON.parse(r.data) as TriggerSample);
    },
    async countRunning(workflowId) {
      return Number((running.get(workflowId) as { n: number }).n);
    },
  };
}

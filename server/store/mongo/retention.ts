// Retention in MongoDB (twin of sqlite/retention.ts). Works on the `executions` and
// `step_records` collections by name, with the indexes the executions area declares
// ({workflowId, _id} and {createdAt}); each call deletes at most `limit` executions.
import type { Connection } from 'mongoose';
import type { Store } from '../store.ts';

const FINISHED = { $in: ['succeeded', 'failed', 'cancelled'] };

export function mongoRetention(conn: Connection): Pick<Store, 'pruneExecutions'> {
  const executions = conn.collection<{ _id: string; workflowId: string; createdAt: number; status: string }>(
    'executions',
  );
  const steps = conn.collection('step_records');
  const workflows = conn.collection<{ _id: string }>('workflows');
  return {
    async pruneExecutions({ before, keepPerWorkflow, limit }) {
      const ids = new Set<string>();
      if (before > 0) {
        const old = await executions
          .find({ createdAt: { $lt: before }, status: FINISHED }, { projection: { _id: 1 } })
          .sort({ createdAt: 1 })
          .limit(limit)
          .toArray();
        for (const d of old) ids.add(d._id);
      }
      if (keepPerWorkflow > 0 && ids.size < limit) {
        for (const w of await workflows.find({}, { projection: { _id: 1 } }).toArray()) {
          const [cutoff] = await executions
            .find({ workflowId: w._id }, { projection: { _id: 1 } })
            .sort({ _id: -1 })
            .skip(keepPerWorkflow)
            .limit(1)
            .toArray();
          if (!cutoff) continue;
          const beyond = await executions
            .find({ workflowId: w._id, _id: { $lte: cutoff._id }, status: FINISHED }, { projection: { _id: 1 } })
            .sort({ _id: 1 })
            .limit(limit - ids.size)
            .toArray();
          for (const d of beyond) ids.add(d._id);
          if (ids.size >= limit) break;
        }
      }
      if (ids.size === 0) return 0;
      const list = [...ids];
      // Step records first: an execution without steps is harmless, steps without one are litter.
      await steps.deleteMany({ executionId: { $in: list } });
      return (await executions.deleteMany({ _id: { $in: list } })).deletedCount;
    },
  };
}

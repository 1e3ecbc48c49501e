// Waking a parked execution early (a called workflow finished). Works on the executions
// collection owned by the mongo executions adapter: `_id` is the execution id, `status`
// and `runAt` mirror ExecutionRow.
import type mongoose from 'mongoose';
import type { Store } from '../store.ts';

export function mongoExecutionWakeups(conn: mongoose.Connection): Pick<Store, 'wakeExecution'> {
  return {
    async wakeExecution(id, now = Date.now()) {
      const r = await conn
        .collection<{ _id: string }>('executions')
        .updateOne({ _id: id, status: 'waiting' }, { $set: { runAt: now } });
      return r.modifiedCount > 0;
    },
  };
}

// Captured test requests (and the running-count for per-workflow concurrency) on MongoDB.
// Composed into the mongo store next to the other areas.
import mongoose from 'mongoose';
import type { Store, TriggerSample } from '../store.ts';

const sampleSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    workflowId: { type: String, required: true },
    receivedAt: { type: Number, required: true },
    data: { type: mongoose.Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
sampleSchema.index({ workflowId: 1, _id: -1 });

export function mongoTriggerSamples(
  conn: mongoose.Connection,
): Pick<Store, 'saveSample' | 'listSamples' | 'countRunning'> {
  const Sample = conn.models.TriggerSample ?? conn.model('TriggerSample', sampleSchema, 'trigger_samples');
  return {
    async saveSample(sample, keep) {
      await Sample.create({
        _id: sample.id,
        workflowId: sample.workflowId,
        receivedAt: sample.receivedAt,
        data: sample,
      });
      const stale = await Sample.find({ workflowId: sample.workflowId }, { _id: 1 })
        .sort({ _id: -1 })
        .skip(keep)
        .lean<{ _id: string }[]>();
      if (stale.length > 0) await Sample.deleteMany({ _id: { $in: stale.map((s) => s._id) } });
    },
    async listSamples(workflowId, limit) {
      const rows = await Sample.find({ workflowId }).sort({ _id: -1 }).limit(limit).lean<{ data: TriggerSample }[]>();
      return rows.map((r) => r.data);
    },
    async countRunning(workflowId) {
      // The executions collection belongs to the mongo executions area (same field names).
      return conn.collection('executions').countDocuments({ workflowId, status: 'running' });
    },
  };
}

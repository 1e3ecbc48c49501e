// Drafts with problems (one per workflow) on MongoDB; JSON as text, like the other areas.
import mongoose from 'mongoose';
import type { Store } from '../store.ts';

const draftSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    document: { type: String, required: true },
    problems: { type: String, required: true },
    savedAt: { type: Number, required: true },
  },
  { versionKey: false },
);

type DraftDoc = { _id: string; document: string; problems: string; savedAt: number };

export function mongoDrafts(conn: mongoose.Connection): Pick<Store, 'saveDraft' | 'getDraft' | 'deleteDraft'> {
  const Draft = conn.models.WorkflowDraft ?? conn.model('WorkflowDraft', draftSchema, 'workflow_drafts');
  return {
    async saveDraft(d) {
      const doc = { document: JSON.stringify(d.document), problems: JSON.stringify(d.problems), savedAt: d.savedAt };
      await Draft.updateOne({ _id: d.workflowId }, { $set: doc }, { upsert: true });
    },
    async getDraft(workflowId) {
      const r = await Draft.findOne({ _id: workflowId }).lean<DraftDoc>();
      return r
        ? { workflowId: r._id, document: JSON.parse(r.document), problems: JSON.parse(r.problems), savedAt: r.savedAt }
        : null;
    },
    async deleteDraft(workflowId) {
      await Draft.deleteOne({ _id: workflowId });
    },
  };
}

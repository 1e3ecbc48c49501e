// Alert de-duplication state on MongoDB. The rule of store/alert-slot-decision.ts runs as
// one findOneAndUpdate with an update pipeline: the read, the decision and the write are a
// single atomic document operation, so concurrent workers never both claim a slot.
import mongoose from 'mongoose';
import type { AlertClaim, Store } from '../store.ts';

type SlotDoc = { _id: string; workflowId: string; signature: string; lastSentAt: number; suppressed: number };
type ClaimedDoc = SlotDoc & { claimed: boolean; prevSentAt: number | null; prevSuppressed: number };

const slotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    workflowId: { type: String, required: true },
    signature: { type: String, required: true },
    lastSentAt: { type: Number, required: true },
    suppressed: { type: Number, required: true },
    claimed: Boolean,
    prevSentAt: Number,
    prevSuppressed: Number,
  },
  { versionKey: false },
);
slotSchema.index({ workflowId: 1 });

export function mongoAlertSlots(conn: mongoose.Connection): Pick<Store, 'claimAlertSlot'> {
  const Slot = conn.models.AlertSlot ?? conn.model('AlertSlot', slotSchema, 'alert_slots');
  const claimOnce = async (id: string, workflowId: string, signature: string, windowMs: number, now: number) => {
    // Inside $set every expression sees the document as it was before this update.
    const fresh = { $eq: [{ $type: '$lastSentAt' }, 'missing'] };
    const due = { $or: [fresh, { $gte: [{ $subtract: [now, '$lastSentAt'] }, windowMs] }] };
    return Slot.collection.findOneAndUpdate(
      { _id: id as never },
      [
        {
          $set: {
            workflowId,
            signature,
            claimed: due,
            prevSentAt: { $cond: [fresh, null, '$lastSentAt'] },
            prevSuppressed: { $ifNull: ['$suppressed', 0] },
            suppressed: { $cond: [due, 0, { $add: ['$suppressed', 1] }] },
            lastSentAt: { $cond: [due, now, '$lastSentAt'] },
          },
        },
      ],
      { upsert: true, returnDocument: 'after' },
    ) as Promise<ClaimedDoc | null>;
  };
  return {
    async claimAlertSlot(key, windowMs, now = Date.now()) {
      const id = `${key.workflowId}\n${key.signature}`;
      let doc: ClaimedDoc | null;
      try {
        doc = await claimOnce(id, key.workflowId, key.signature, windowMs, now);
      } catch (err) {
        // Two first failures racing to insert: the loser retries against the winner's document.
        if ((err as { code?: number }).code !== 11000) throw err;
        doc = await claimOnce(id, key.workflowId, key.signature, windowMs, now);
      }
      if (!doc) throw new Error('alert slot upsert returned no document');
      const claim: AlertClaim = doc.claimed
        ? { send: true, suppressed: doc.prevSentAt === null ? 0 : doc.prevSuppressed, previousAlertAt: doc.prevSentAt }
        : { send: false, suppressed: doc.suppressed };
      return claim;
    },
  };
}

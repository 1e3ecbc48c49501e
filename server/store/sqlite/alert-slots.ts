// Alert de-duplication state on sqlite: one row per workflow and failure signature.
// The claim runs as one op of the write batcher, whose transaction holds the write lock
// (BEGIN IMMEDIATE) before the read, so processes sharing the file cannot both claim the
// same slot; the read has no effect, so a failing write leaves nothing half-done.
import type { DatabaseSync } from 'node:sqlite';
import { type AlertSlotState, decideAlertSlot } from '../alert-slot-decision.ts';
import type { Store } from '../store.ts';
import type { WriteBatcher } from './write-batcher.ts';

export function sqliteAlertSlots(db: DatabaseSync, write: WriteBatcher): Pick<Store, 'claimAlertSlot'> {
  const read = db.prepare(
    'SELECT last_sent_at AS lastSentAt, suppressed FROM alert_slots WHERE workflow_id = ? AND signature = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO alert_slots (workflow_id, signature, last_sent_at, suppressed) VALUES (?, ?, ?, ?)
     ON CONFLICT (workflow_id, signature) DO UPDATE SET last_sent_at = excluded.last_sent_at, suppressed = excluded.suppressed`,
  );
  return {
    async claimAlertSlot(key, windowMs, now = Date.now()) {
      return write(() => {
        const row = read.get(key.workflowId, key.signature) as AlertSlotState | undefined;
        const { claim, next } = decideAlertSlot(
          row ? { lastSentAt: Number(row.lastSentAt), suppressed: Number(row.suppressed) } : null,
          now,
          windowMs,
        );
        upsert.run(key.workflowId, key.signature, next.lastSentAt, next.suppressed);
        return claim;
      });
    },
  };
}

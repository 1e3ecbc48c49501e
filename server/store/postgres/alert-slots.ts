// Alert de-duplication state in PostgreSQL: one row per workflow and failure signature. The
// decision (store/alert-slot-decision.ts) runs in a transaction holding an advisory lock on
// the slot, so processes cannot both claim it, including the very first claim (no row yet).
import { type AlertSlotState, decideAlertSlot } from '../alert-slot-decision.ts';
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgAlertSlots(sql: Sql): Pick<Store, 'claimAlertSlot'> {
  return {
    async claimAlertSlot(key, windowMs, now = Date.now()) {
      return sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`alert:${key.workflowId}\n${key.signature}`}))`;
        const [row] = await tx<AlertSlotState[]>`
          SELECT last_sent_at AS "lastSentAt", suppressed FROM alert_slots
          WHERE workflow_id = ${key.workflowId} AND signature = ${key.signature}`;
        const { claim, next } = decideAlertSlot(row ?? null, now, windowMs);
        await tx`
          INSERT INTO alert_slots (workflow_id, signature, last_sent_at, suppressed)
          VALUES (${key.workflowId}, ${key.signature}, ${next.lastSentAt}, ${next.suppressed})
          ON CONFLICT (workflow_id, signature) DO UPDATE
            SET last_sent_at = excluded.last_sent_at, suppressed = excluded.suppressed`;
        return claim;
      });
    },
  };
}

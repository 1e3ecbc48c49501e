// Senders retry a delivery whose acknowledgement they did not see (a lost 202, a timeout on
// their side), with the same delivery id. A verification preset names where that id is, so a
// trigger using the preset dedupes on it by default: a retry never makes a second execution.
// `"dedupe": {"enabled": false}` turns it off for one trigger (e.g. to run GitHub's manual
// "Redeliver", which reuses the delivery id); an explicit `key`/`header` replaces it.
import type { HmacPreset, TriggerAuth } from '../workflow/types.ts';

/** Where a preset's delivery id is: a request header, or a top-level field of the JSON body. */
export type DeliveryId = { header: string } | { bodyField: string };

const DELIVERY_IDS: Record<Exclude<HmacPreset, 'generic'>, DeliveryId> = {
  github: { header: 'x-github-delivery' },
  shopify: { header: 'x-shopify-webhook-id' },
  // The event id: Stripe resends the same event (same `id`) until it is acknowledged.
  stripe: { bodyField: 'id' },
  'standard-webhooks': { header: 'webhook-id' },
  // Events API retries (X-Slack-Retry-Num 1..3) carry the same `event_id`; slash commands and
  // interactive payloads have none and are not deduplicated.
  slack: { bodyField: 'event_id' },
};

/** Long enough for the longest sender retry schedule among the presets (Stripe: 3 days). */
export const DELIVERY_ID_WINDOW_MS = 72 * 3_600_000;

export function deliveryIdOf(auth: TriggerAuth | undefined): DeliveryId | null {
  if (!auth || typeof auth !== 'object' || auth.type !== 'hmac' || auth.preset === 'generic') return null;
  return DELIVERY_IDS[auth.preset] ?? null;
}

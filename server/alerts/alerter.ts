// Failure alerts (the workflow's `settings.alerts`). The engine hands every failed execution
// to `notify`, which returns at once: claiming the de-dup slot in the store and sending run
// in the background, bounded by a timeout, so an alert can neither delay nor fail the
// execution. The claim is one atomic store operation, so however many workers see the same
// failing endpoint, one alert goes out per window and the rest are counted.
import type { Logger } from 'pino';
import { parseDuration } from '../lib/duration.ts';
import type { NodeServices } from '../nodes/define-node.ts';
import type { Store } from '../store/store.ts';
import type { AlertChannel } from '../workflow/types.ts';
import { buildAlertPayload, type ExecutionFailure, failureSignature } from './alert-message.ts';
import { sendAlert } from './send-alert.ts';

export const DEFAULT_DEDUPE_WINDOW_MS = 15 * 60_000;
export const ALERT_TIMEOUT_MS = 10_000;

export type AlertOutcome = 'sent' | 'suppressed' | 'failed';

export type Alerter = {
  /** Starts alerting for a failed execution if its workflow asks for it; never throws. */
  notify(failure: ExecutionFailure): void;
  /** Waits (at most `ms`) for alerts still being sent: graceful shutdown. */
  drain(ms: number): Promise<void>;
};

export function createAlerter(opts: {
  store: Store;
  services: NodeServices;
  logger: Logger;
  timeoutMs?: number;
  onOutcome?: (channel: AlertChannel['type'], outcome: AlertOutcome) => void;
}): Alerter {
  const inFlight = new Set<Promise<void>>();
  const timeoutMs = opts.timeoutMs ?? ALERT_TIMEOUT_MS;
  const count = (channel: AlertChannel['type'], outcome: AlertOutcome) => opts.onOutcome?.(channel, outcome);

  async function alert(failure: ExecutionFailure): Promise<void> {
    const settings = failure.document.settings?.alerts;
    if (!settings || settings.channels.length === 0) return;
    const log = opts.logger.child({ executionId: failure.exec.id, workflowId: failure.exec.workflowId });
    const windowMs = parseDuration(settings.dedupeWindow, DEFAULT_DEDUPE_WINDOW_MS);
    const signature = failureSignature(failure.error);
    const claim = await opts.store.claimAlertSlot({ workflowId: failure.exec.workflowId, signature }, windowMs);
    if (!claim.send) {
      for (const c of settings.channels) count(c.type, 'suppressed');
      log.debug({ signature, suppressed: claim.suppressed }, 'failure alert suppressed (already alerted in window)');
      return;
    }
    const payload = buildAlertPayload(failure, claim, {
      publicUrl: opts.services.config.publicUrl,
      dedupeWindowMs: windowMs,
    });
    await Promise.all(
      settings.channels.map(async (channel, index) => {
        try {
          await sendAlert(channel, payload, opts.services, timeoutMs);
          count(channel.type, 'sent');
          log.info({ channel: channel.type, index, signature, suppressed: claim.suppressed }, 'failure alert sent');
        } catch (err) {
          count(channel.type, 'failed');
          // The message only: errors of a fetch can carry the full URL, which may hold a token.
          log.warn(
            { channel: channel.type, index, target: describe(channel), reason: (err as Error)?.message ?? String(err) },
            'failure alert could not be sent',
          );
        }
      }),
    );
  }

  return {
    notify(failure) {
      const p = alert(failure)
        .catch((err) => {
          opts.logger.error(
            { err, executionId: failure.exec.id, workflowId: failure.exec.workflowId },
            'failure alert aborted',
          );
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async drain(ms) {
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ms);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/** Where an alert went, safe to log: a webhook's origin (its path may hold a token), an e-mail's recipients. */
function describe(channel: AlertChannel): string {
  switch (channel.type) {
    case 'webhook':
      try {
        return new URL(channel.url).origin;
      } catch {
        return 'invalid url';
      }
    case 'email':
      return channel.to.join(', ');
    default: {
      const never: never = channel;
      return String(never);
    }
  }
}

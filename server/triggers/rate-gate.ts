// Where a trigger's rate limit is spent. A request that proves who sent it spends from the
// trigger's bucket; one that fails verification spends from its own bucket, per client
// address and workflow, of the same size. So unsigned noise is limited (429 once its bucket
// is empty) but can never empty the bucket the genuine, signed sender draws from.
import type { Logger } from 'pino';
import { UserError } from '../lib/errors.ts';
import type { Bucket, RateLimiter, TakeResult } from './rate-limit.ts';

export type RateGateDeps = { rateLimiter: RateLimiter; logger: Logger };

/** Spends one token of the trigger's bucket; throws 429 when it is empty. */
export async function spendRate(deps: RateGateDeps, bucket: Bucket, workflowId: string, ip: string): Promise<void> {
  const result = await take(deps, workflowId, bucket, workflowId);
  if (!result.ok) throw limited(deps.logger, result.retryAfterMs, workflowId, ip, false);
}

/**
 * Spends one token of the failed-verification bucket of this client and workflow. Returns
 * the 429 to answer instead of the verification failure when that bucket is empty, else null.
 * Workflow ids never hold a colon, so the key cannot collide with a trigger's own bucket.
 */
export async function spendFailure(
  deps: RateGateDeps,
  bucket: Bucket,
  workflowId: string,
  ip: string,
): Promise<UserError | null> {
  const result = await take(deps, `${workflowId}:unverified:${ip}`, bucket, workflowId);
  return result.ok ? null : limited(deps.logger, result.retryAfterMs, workflowId, ip, true);
}

async function take(deps: RateGateDeps, key: string, bucket: Bucket, workflowId: string): Promise<TakeResult> {
  try {
    return await deps.rateLimiter.take(key, bucket);
  } catch (err) {
    // A limiter outage must not drop webhooks: fail open, loudly.
    deps.logger.warn({ err, workflowId }, 'rate limiter unavailable; request let through');
    return { ok: true };
  }
}

function limited(logger: Logger, retryAfterMs: number, workflowId: string, ip: string, unverified: boolean): UserError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  logger.warn({ workflowId, ip, retryAfter: seconds, unverified }, 'trigger request rate-limited');
  return new UserError(
    429,
    'rate_limited',
    `too many requests to this trigger; retry after ${seconds} s`,
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}

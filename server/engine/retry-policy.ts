// When a failed attempt is tried again, and after how long.
import { parseDuration } from '../lib/duration.ts';
import { NonRetryableError, RetryAfterError } from '../nodes/step-errors.ts';
import type { RetrySpec } from '../workflow/types.ts';

/** Milliseconds until the next attempt, or null when the step has failed for good. */
export function nextRetryDelay(
  retry: RetrySpec | undefined,
  attempt: number,
  err: unknown,
  random = Math.random,
): number | null {
  if (!retry || attempt >= retry.attempts) return null;
  if (err instanceof NonRetryableError) return null;
  const base = parseDuration(retry.delay, 1000);
  const max = parseDuration(retry.maxDelay, 10 * 60_000);
  let delay = retry.backoff === 'exponential' ? base * 2 ** (attempt - 1) : base;
  if (retry.jitter) delay = delay / 2 + random() * (delay / 2);
  delay = Math.min(delay, max);
  // The remote's own word wins when it asks for longer.
  if (err instanceof RetryAfterError) delay = Math.max(delay, Math.min(err.retryAfterMs, max));
  return Math.round(delay);
}

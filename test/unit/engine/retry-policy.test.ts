import { describe, expect, it } from 'vitest';
import { nextRetryDelay } from '../../../server/engine/retry-policy.ts';
import { NonRetryableError, RetryAfterError } from '../../../server/nodes/step-errors.ts';

describe('retry policy', () => {
  const err = new Error('503');
  it('gives up without a policy, after the last attempt, and on non-retryable errors', () => {
    expect(nextRetryDelay(undefined, 1, err)).toBeNull();
    expect(nextRetryDelay({ attempts: 3 }, 3, err)).toBeNull();
    expect(nextRetryDelay({ attempts: 3 }, 1, new NonRetryableError('400'))).toBeNull();
  });
  it('backs off fixed or exponentially, capped by maxDelay', () => {
    expect(nextRetryDelay({ attempts: 5, delay: '2s' }, 1, err)).toBe(2000);
    expect(nextRetryDelay({ attempts: 5, delay: '2s' }, 3, err)).toBe(2000);
    expect(nextRetryDelay({ attempts: 5, backoff: 'exponential', delay: '1s' }, 3, err)).toBe(4000);
    expect(nextRetryDelay({ attempts: 9, backoff: 'exponential', delay: '1s', maxDelay: '5s' }, 8, err)).toBe(5000);
  });
  it('applies jitter within half to full delay', () => {
    expect(nextRetryDelay({ attempts: 5, delay: '1s', jitter: true }, 1, err, () => 0)).toBe(500);
    expect(nextRetryDelay({ attempts: 5, delay: '1s', jitter: true }, 1, err, () => 0.999)).toBe(1000);
  });
  it('honours Retry-After when it asks for longer', () => {
    expect(nextRetryDelay({ attempts: 5, delay: '100ms' }, 1, new RetryAfterError('429', 3000))).toBe(3000);
  });
});

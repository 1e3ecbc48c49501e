// Token buckets per trigger. In one process a Map is the truth; with REDIS_URL every api
// process shares one bucket per trigger through an atomic Lua script (rate-limit-redis.ts).
export type Bucket = { capacity: number; refillPerSecond: number };

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export type RateLimiter = {
  kind: 'memory' | 'redis';
  take(key: string, bucket: Bucket, now?: number): Promise<TakeResult>;
  close(): Promise<void>;
};

/** The bucket arithmetic, shared by the in-memory limiter and mirrored by the Lua script. */
export function refill(
  state: { tokens: number; updated: number } | undefined,
  bucket: Bucket,
  now: number,
): { tokens: number; updated: number } {
  if (!state) return { tokens: bucket.capacity, updated: now };
  const elapsed = Math.max(0, now - state.updated) / 1000;
  return { tokens: Math.min(bucket.capacity, state.tokens + elapsed * bucket.refillPerSecond), updated: now };
}

export function retryAfterMs(tokens: number, bucket: Bucket): number {
  return Math.ceil(((1 - tokens) / bucket.refillPerSecond) * 1000);
}

const MAX_BUCKETS = 100_000;

export function createMemoryRateLimiter(): RateLimiter {
  const buckets = new Map<string, { tokens: number; updated: number }>();
  return {
    kind: 'memory',
    async take(key, bucket, now = Date.now()) {
      const state = refill(buckets.get(key), bucket, now);
      if (state.tokens >= 1) {
        state.tokens -= 1;
        buckets.delete(key);
        buckets.set(key, state);
        if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
        return { ok: true };
      }
      buckets.set(key, state);
      return { ok: false, retryAfterMs: retryAfterMs(state.tokens, bucket) };
    },
    async close() {
      buckets.clear();
    },
  };
}

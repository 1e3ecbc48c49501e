// The shared token bucket: one hash per trigger, updated by a Lua script so concurrent api
// processes never both spend the last token. Redis's clock is used, so process clocks that
// disagree cannot mint tokens. Idle buckets expire once they would be full again.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RateLimiter } from './rate-limit.ts';

const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil then
  tokens = capacity
  updated = now
end
local elapsed = math.max(0, now - updated) / 1000
tokens = math.min(capacity, tokens + elapsed * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return {allowed, retry}
`;

export type RedisRateLimiterOptions = {
  url: string;
  /** REDIS_PREFIX: buckets live under `<prefix>:rl:`, so deployments sharing a Redis never mix. */
  prefix: string;
  logger: Logger;
};

export function createRedisRateLimiter(opts: RedisRateLimiterOptions): RateLimiter {
  // Fail fast while Redis is down (the caller then lets the request through, see
  // rate-gate.ts) instead of holding triggers in an offline queue; only the very first
  // connect after start-up is waited for, briefly.
  const redis = new Redis(opts.url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5000,
    commandTimeout: 2000,
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled error event.
  redis.on('error', (err) => opts.logger.debug({ err }, 'redis (rate limiter) connection error'));
  let everReady = false;
  const firstConnect = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    redis.once('ready', () => {
      everReady = true;
      clearTimeout(timer);
      resolve();
    });
  });
  redis.defineCommand('hookflowTakeToken', { numberOfKeys: 1, lua: TAKE });
  const take = (redis as unknown as { hookflowTakeToken: (...a: (string | number)[]) => Promise<[number, number]> })
    .hookflowTakeToken;
  const keyPrefix = `${opts.prefix}:rl:`;
  return {
    kind: 'redis',
    async take(key, bucket) {
      if (!everReady) await firstConnect;
      const [allowed, retry] = await take.call(redis, `${keyPrefix}${key}`, bucket.capacity, bucket.refillPerSecond);
      return allowed === 1 ? { ok: true } : { ok: false, retryAfterMs: Number(retry) };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

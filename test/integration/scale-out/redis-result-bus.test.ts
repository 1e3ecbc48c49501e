// The Redis ResultBus carries a finished execution's result from a worker process to the
// api process holding a sync-mode caller, keyed by execution id, with a timeout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createLogger } from '../../../server/lib/logger.ts';
import { createRedisResultBus } from '../../../server/queue/redis-result-bus.ts';
import type { ResultBus } from '../../../server/queue/result-bus.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';

const PUBLISHER = path.join(import.meta.dirname, 'publish-result-process.ts');

function publishFromAnotherProcess(redis: TestRedis, executionId: string): Promise<number | null> {
  const child = spawn(process.execPath, [PUBLISHER, redis.url, redis.prefix, executionId], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe.skipIf(!redisAvailable())('Redis ResultBus', () => {
  let redis: TestRedis;
  let bus: ResultBus;
  beforeAll(async () => {
    redis = await startRedis();
    bus = createRedisResultBus({ url: redis.url, prefix: redis.prefix, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await bus.close();
    await redis.stop();
  });

  it('delivers a result published by another process to the waiter for that execution only', async () => {
    const [id, other] = [ulid(), ulid()];
    const waiting = bus.waitFor(id, 10_000);
    const otherWaiting = bus.waitFor(other, 1500);
    expect(await publishFromAnotherProcess(redis, id)).toBe(0);
    const r = await waiting;
    expect(r).toMatchObject({ executionId: id, status: 'succeeded', workflowId: 'wf' });
    const from = (r?.result as { from?: number } | undefined)?.from;
    expect(from).toEqual(expect.any(Number));
    expect(from).not.toBe(process.pid);
    expect(await otherWaiting).toBeNull();
  });

  it('still answers a waiter that starts just after the result was published', async () => {
    const id = ulid();
    expect(await publishFromAnotherProcess(redis, id)).toBe(0);
    expect(await bus.waitFor(id, 5000)).toMatchObject({ executionId: id, status: 'succeeded' });
  });

  it('answers null after the timeout, never hangs, also while Redis is down', async () => {
    const t0 = Date.now();
    expect(await bus.waitFor(ulid(), 300)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const own = await startRedis({ ownServer: true });
    const lonely = createRedisResultBus({ url: own.url, prefix: own.prefix, logger: createLogger('silent') });
    await own.kill();
    const t1 = Date.now();
    expect(await lonely.waitFor(ulid(), 300)).toBeNull();
    expect(Date.now() - t1).toBeLessThan(2000);
    await expect(
      lonely.publish({ executionId: ulid(), workflowId: 'w', status: 'failed', result: null, error: null }),
    ).rejects.toThrow();
    await lonely.close();
    await own.stop();
  });
});

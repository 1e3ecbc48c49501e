// The BullMQ adapter against a real Redis: one live job per execution, legit re-enqueues
// never swallowed, delayed jobs, stale dedupe keys, and a lease-protected recovery sweep.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepUnfinished } from '../../../server/engine/recovery.ts';
import { ulid } from '../../../server/lib/ids.ts';
import { createLogger } from '../../../server/lib/logger.ts';
import { createBullmqQueue } from '../../../server/queue/bullmq.ts';
import type { Queue } from '../../../server/queue/queue.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { until } from '../../helpers/until.ts';

const logger = createLogger('silent');

describe.skipIf(!redisAvailable())('BullMQ queue adapter', () => {
  let redis: TestRedis;
  let queues: Queue[] = [];
  let prefix: string;
  const open = () => {
    const q = createBullmqQueue({ url: redis.url, prefix, logger, lockMs: 2000 });
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(() => {
    prefix = `${redis.prefix}-${ulid().slice(-6)}`;
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close(1000)));
    queues = [];
  });

  it('runs each enqueued execution once, deduplicating while a job is held', async () => {
    const q = open();
    const id = ulid();
    await q.enqueue(id);
    await q.enqueue(id);
    expect(await q.holds(id)).toBe(true);
    expect((await q.stats()).waiting).toBe(1);
    const seen: string[] = [];
    q.consume(async (e) => {
      seen.push(e);
    }, 4);
    await until('the job to run', () => seen.length === 1);
    await until('the job to be released', async () => !(await q.holds(id)));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([id]);
  });

  it('takes a re-enqueue of a finished execution (retry, sweep) instead of swallowing it', async () => {
    const q = open();
    const id = ulid();
    const seen: string[] = [];
    q.consume(async (e) => {
      seen.push(e);
    }, 2);
    await q.enqueue(id);
    await until('the job to run', () => seen.length === 1);
    await until('the job to be released', async () => !(await q.holds(id)));
    await q.enqueue(id);
    await until('the second run', () => seen.length === 2);
  });

  it('lets a running execution park itself as a delayed job that runs later without a slot', async () => {
    const q = open();
    const [parked, other] = [ulid(), ulid()];
    const runs: [string, number][] = [];
    q.consume(async (e) => {
      runs.push([e, Date.now()]);
      // As the engine does on retry backoff: re-enqueue itself from inside its own job.
      if (e === parked && runs.length === 1) await q.enqueue(e, Date.now() + 300);
    }, 1);
    const start = Date.now();
    await q.enqueue(parked);
    await until('the first run', () => runs.length === 1);
    expect(await q.holds(parked)).toBe(true);
    expect((await q.stats()).delayed).toBe(1);
    // The only slot is free while `parked` waits: another execution runs in the meantime.
    await q.enqueue(other);
    await until('three runs', () => runs.length === 3);
    expect(runs.map(([e]) => e)).toEqual([parked, other, parked]);
    expect(runs[1][1] - start).toBeLessThan(290);
    expect(runs[2][1] - start).toBeGreaterThanOrEqual(290);
  });

  it('moves a delayed job up when the execution is enqueued to run now (woken early)', async () => {
    const q = open();
    const id = ulid();
    const seen: number[] = [];
    q.consume(async () => {
      seen.push(Date.now());
    }, 1);
    await q.enqueue(id, Date.now() + 60_000);
    expect((await q.stats()).delayed).toBe(1);
    const woken = Date.now();
    await q.enqueue(id);
    await until('the job to run', () => seen.length === 1, 5000);
    expect(seen[0] - woken).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
    expect(await q.holds(id)).toBe(false);
  });

  it('fails fast while Redis is down and recovers when it is back', { timeout: 70_000 }, async () => {
    const own = await startRedis({ ownServer: true });
    const q = createBullmqQueue({ url: own.url, prefix, logger, lockMs: 2000 });
    queues.push(q);
    await q.ping();
    await own.kill();
    const t0 = Date.now();
    await expect(q.enqueue(ulid())).rejects.toThrow();
    await expect(q.ping()).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1000);
    await own.start();
    // Recovered means an enqueue goes through again; the connection may flap once while
    // ioredis reconnects, so the same execution is offered until it is taken (idempotent).
    // ioredis backs off up to 2 s between attempts; on a loaded CI machine (every test file
    // runs its own servers beside this one) the first good round trip has taken longer than
    // 10 s, so the bound is generous and a timeout names the last refusal.
    const id = ulid();
    let lastError: unknown = null;
    await until(
      'an enqueue to go through',
      async () =>
        q.enqueue(id).then(
          () => true,
          (err) => {
            lastError = err;
            return false;
          },
        ),
      30_000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}; last enqueue error: ${String(lastError)}`);
    });
    await until(
      'the job to wait in the queue',
      async () =>
        q.stats().then(
          (s) => s.waiting === 1,
          () => false,
        ),
      30_000,
    );
    expect(await q.holds(id)).toBe(true);
    await q.close(500);
    queues = queues.filter((x) => x !== q);
    await own.stop();
  });

  it('sweeps once per lease: two sweepers racing re-enqueue every lost execution exactly once', async () => {
    const tmp = tempDir();
    const store = createSqliteStore({ dataDir: tmp.dir });
    try {
      // Ordered ids from the recent past (a pass only covers rows that existed when it began).
      const ids = Array.from({ length: 20 }, (_, i) => ulid(Date.now() - 100 + i));
      for (const id of ids) {
        await store.createExecution({
          id,
          workflowId: 'w',
          workflowVersion: 1,
          trigger: { method: 'POST', path: '/', headers: {}, query: {}, body: null, receivedAt: '' },
          createdAt: Date.now(),
        });
      }
      const [a, b] = [open(), open()];
      const [ra, rb] = await Promise.all([
        sweepUnfinished(store, a, logger, { owner: 'a', leaseMs: 60_000 }),
        sweepUnfinished(store, b, logger, { owner: 'b', leaseMs: 60_000 }),
      ]);
      expect([ra, rb].sort()).toEqual([20, null]);
      expect((await a.stats()).waiting).toBe(20);
      // The lease holder sweeps again; nothing is duplicated while the jobs are held.
      const owner = ra === 20 ? 'a' : 'b';
      expect(await sweepUnfinished(store, ra === 20 ? a : b, logger, { owner, leaseMs: 60_000 })).toBe(0);
      expect((await a.stats()).waiting).toBe(20);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});

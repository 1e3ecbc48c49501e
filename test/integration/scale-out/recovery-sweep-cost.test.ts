// The recovery sweep's cost under a backlog, against a real redis-server and a real sqlite
// store: its per-row queue check is O(1) Redis work (no LPOS scan of the wait list, which
// made a 20,000 backlog cost ~50 s of Redis CPU), one pass per process at a time however
// often the timer fires, and a pass stops at the rows that existed when it began.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSweeper, sweepUnfinished } from '../../../server/engine/recovery.ts';
import { ulid } from '../../../server/lib/ids.ts';
import { createLogger } from '../../../server/lib/logger.ts';
import { createBullmqQueue } from '../../../server/queue/bullmq.ts';
import type { Queue } from '../../../server/queue/queue.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const logger = createLogger('silent');
const trigger = { method: 'POST', path: '/x', headers: {}, query: {}, body: null, receivedAt: '' };

type CommandStats = Map<string, { calls: number; usec: number }>;

async function commandStats(client: Redis): Promise<CommandStats> {
  const info = await client.info('commandstats');
  const out: CommandStats = new Map();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1], { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

const totalCalls = (s: CommandStats) => [...s.values()].reduce((n, c) => n + c.calls, 0);

describe.skipIf(!redisAvailable())('recovery sweep cost', () => {
  let redis: TestRedis;
  let admin: Redis;
  let store: Store;
  let tmp: ReturnType<typeof tempDir>;
  let queues: Queue[] = [];
  let prefix: string;
  const open = () => {
    const q = createBullmqQueue({ url: redis.url, prefix, logger, lockMs: 5000 });
    queues.push(q);
    return q;
  };
  /** n executions committed to the store, each with its job waiting in the queue (a backlog). */
  const backlog = async (queue: Queue, n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 200) {
      const chunk = Array.from({ length: Math.min(200, n - i) }, () => ulid());
      await Promise.all(
        chunk.map((id) =>
          store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() }),
        ),
      );
      await Promise.all(chunk.map((id) => queue.enqueue(id)));
      ids.push(...chunk);
    }
    return ids;
  };

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });
  beforeEach(() => {
    prefix = `${redis.prefix}-${ulid().slice(-6)}`;
    tmp = tempDir();
    store = createSqliteStore({ dataDir: tmp.dir });
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close(1000)));
    queues = [];
    await store.close();
    tmp.cleanup();
  });

  it('checks each row with O(1) Redis work: no list scans, commands per row flat from 300 to 1,500 rows', async () => {
    const queue = open();
    const perRow: number[] = [];
    for (const n of [300, 1500]) {
      await backlog(queue, n);
      const unfinished = (await store.listUnfinished(100_000)).length;
      await admin.config('RESETSTAT');
      expect(await sweepUnfinished(store, queue, logger)).toBe(0);
      const stats = await commandStats(admin);
      // Commands run inside Lua scripts count here too: no LPOS (BullMQ's getJobState), no
      // LRANGE, nothing that walks the wait list.
      for (const scan of ['lpos', 'lrange', 'lindex', 'lrem']) expect(stats.get(scan)?.calls ?? 0).toBe(0);
      // INFO itself is one call; the rest is the sweep.
      perRow.push((totalCalls(stats) - 1) / unfinished);
    }
    expect(perRow[1]).toBeLessThanOrEqual(perRow[0] * 1.25);
    expect(perRow[1]).toBeLessThanOrEqual(6);
  });

  it('still tells a finished job from a live one, and re-enqueues an execution whose job is gone', async () => {
    const queue = open();
    const [kept, lost] = await backlog(queue, 2);
    expect(await queue.holds(kept)).toBe(true);
    // Redis lost the job (restart without persistence, an operator's FLUSH of one key).
    const keys = await admin.keys(`${prefix}:executions:${lost}.*`);
    expect(keys.length).toBe(1);
    await admin.del(keys[0]);
    await admin.lrem(`${prefix}:executions:wait`, 0, keys[0].slice(`${prefix}:executions:`.length));
    expect(await queue.holds(lost)).toBe(false);
    expect(await sweepUnfinished(store, queue, logger)).toBe(1);
    expect(await queue.holds(lost)).toBe(true);
    const ran: string[] = [];
    queue.consume(async (id) => {
      ran.push(id);
    }, 2);
    await expect.poll(() => ran.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(ran.sort()).toEqual([kept, lost].sort());
    // Finished: the job hash is retained (removeOnComplete keeps some) but nothing is held.
    await expect.poll(() => queue.holds(kept), { timeout: 10_000 }).toBe(false);
  });

  it('runs one pass per process at a time: rounds that fire during a slow pass are skipped, not stacked', async () => {
    const queue = open();
    await backlog(queue, 50);
    // A pass made slow (a Redis or store stall): every queue look-up waits for the gate.
    let open_ = (): void => {};
    const gate = new Promise<void>((r) => {
      open_ = r;
    });
    let passes = 0;
    let maxPasses = 0;
    const listUnfinished = store.listUnfinished;
    const observed: Store = {
      ...store,
      listUnfinished: async (limit, page) => {
        if (!page?.after) maxPasses = Math.max(maxPasses, ++passes);
        const rows = await listUnfinished(limit, page);
        if (rows.length < limit) queueMicrotask(() => passes--);
        return rows;
      },
    };
    const holds = queue.holds;
    const slow: Queue = {
      ...queue,
      holds: async (id) => {
        await gate;
        return holds(id);
      },
    };
    // No rest after the slow pass here: the test after this one covers resting.
    const sweeper = createSweeper(observed, slow, logger, { batch: 20, restFactor: 0 });
    const first = sweeper.run();
    expect(sweeper.running()).toBe(true);
    // Twelve more timer rounds while it is stuck (what a frozen worker met on waking).
    // A skipped round answers at once; a stacked pass would wait behind the gate too.
    const rounds = Array.from({ length: 12 }, () => sweeper.run());
    const skipped = await Promise.race([
      Promise.all(rounds),
      new Promise((r) => setTimeout(() => r('stacked behind the slow pass'), 5000)),
    ]);
    open_();
    await Promise.all(rounds);
    expect(skipped).toEqual(Array(12).fill(null));
    expect(await first).toBe(0);
    expect(sweeper.running()).toBe(false);
    expect(maxPasses).toBe(1);
    // The next round after it ends runs normally.
    expect(await sweeper.run()).toBe(0);
  });

  it('rests after a long pass for restFactor times its length, so passes never run back to back over a backlog', async () => {
    const queue = open();
    await backlog(queue, 20);
    const holds = queue.holds;
    // Each look-up takes 10 ms: a pass over 20 rows, one at a time, lasts about 200 ms.
    const slow: Queue = {
      ...queue,
      holds: async (id) => {
        await new Promise((r) => setTimeout(r, 10));
        return holds(id);
      },
    };
    const sweeper = createSweeper(store, slow, logger, { batch: 20, parallel: 1, restFactor: 3 });
    const t0 = Date.now();
    expect(await sweeper.run()).toBe(0);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(150);
    // Rounds during the rest are skipped at once, without touching the store or the queue.
    expect(await sweeper.run()).toBeNull();
    expect(sweeper.running()).toBe(false);
    await new Promise((r) => setTimeout(r, took * 3 + 100));
    expect(await sweeper.run()).toBe(0);
  });

  it('stops at the rows that existed when the pass began, however fast new ones arrive', async () => {
    const queue = open();
    const old = await backlog(queue, 30);
    // Lose every old job, so the pass re-enqueues all of them.
    await admin.del(...(await admin.keys(`${prefix}:executions:de:*`)));
    const looked: string[] = [];
    const fresh: string[] = [];
    const holds = queue.holds;
    const observed: Queue = {
      ...queue,
      holds: async (id) => {
        looked.push(id);
        // Live ingest while the sweep runs: new rows keep landing after its start.
        if (looked.length % 10 === 0) {
          await new Promise((r) => setTimeout(r, 2));
          const id2 = ulid();
          await store.createExecution({ id: id2, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
          fresh.push(id2);
        }
        return holds(id);
      },
    };
    expect(await sweepUnfinished(store, observed, logger, { batch: 10, parallel: 2 })).toBe(30);
    expect(fresh.length).toBeGreaterThan(0);
    expect(looked.sort()).toEqual(old.sort());
  });
});

// The Queue port on Redis with BullMQ, chosen when REDIS_URL is set. Jobs carry only the
// execution id; the store stays the truth and the recovery sweep re-enqueues anything the
// queue lost (Redis restarted without persistence, enqueue failed after the commit).
//
// Job ids and dedupe. BullMQ silently ignores an add whose job id already exists, finished
// jobs included (they are retained, bounded, for inspection). An execution is legitimately
// enqueued several times (retry backoff, delay steps, sweep after a lost job, a reopened
// failed execution), so the job id is the execution id plus a per-enqueue suffix, and the
// "one live job per execution" rule is BullMQ's deduplication key (= execution id), which
// lives while the job waits, is delayed or runs and is dropped when it finishes.
// An execution that re-enqueues itself from inside its own running job (suspend until
// `runAt`) first drops that key, or the new delayed job would be deduplicated away.
import { Queue as BullQueue, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { JobHandler, Queue } from './queue.ts';

export type BullmqQueueOptions = {
  url: string;
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. */
  prefix: string;
  logger: Logger;
  /** BullMQ lock: a job whose worker stops renewing it for this long is stalled and handed on. */
  lockMs: number;
  keepCompleted?: number;
  keepFailed?: number;
  eventsMaxLen?: number;
  /** How many times a job may stall (its worker died) before BullMQ gives up on it. */
  maxStalledCount?: number;
};

type JobData = { executionId: string };

const QUEUE_NAME = 'executions';

// Whether an execution has a live job, in O(1) Redis work: its deduplication key names the
// job, and a job that exists without `finishedOn` is waiting, delayed or active. BullMQ's own
// getJobState runs LPOS over the wait list, which made the recovery sweep quadratic in the
// backlog. A key that outlived its job (gone, or finished) is dropped, so the sweep's enqueue
// is not deduplicated against a job that will never run. KEYS[1] = dedupe key, ARGV[1] = the
// queue's key prefix (job hashes live at prefix .. jobId).
const HOLDS_LUA = `
local jobId = redis.call('GET', KEYS[1])
if not jobId then return 0 end
local jobKey = ARGV[1] .. jobId
if redis.call('EXISTS', jobKey) == 1 and redis.call('HEXISTS', jobKey, 'finishedOn') == 0 then return 1 end
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('DEL', KEYS[1]) end
return 0`;
type HoldsCommand = { hookflowHolds(dedupeKey: string, jobPrefix: string): Promise<number> };

/** Connection options for the producer side: fail fast while Redis is down, so ingress never hangs. */
export function producerRedisOptions(): RedisOptions {
  return { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000, commandTimeout: 5000 };
}

export function createBullmqQueue(opts: BullmqQueueOptions): Queue {
  const { logger } = opts;
  const producer = new Redis(opts.url, producerRedisOptions()) as Redis & HoldsCommand;
  producer.defineCommand('hookflowHolds', { numberOfKeys: 1, lua: HOLDS_LUA });
  const jobPrefix = `${opts.prefix}:${QUEUE_NAME}:`;
  producer.on('error', (err) => logger.debug({ err }, 'redis (queue producer) connection error'));
  const openQueue = () => {
    const q = new BullQueue<JobData>(QUEUE_NAME, {
      connection: producer,
      prefix: opts.prefix,
      streams: { events: { maxLen: opts.eventsMaxLen ?? 10_000 } },
      defaultJobOptions: {
        // The engine owns retries (checkpointed, with backoff as delayed jobs); BullMQ runs once.
        attempts: 1,
        removeOnComplete: { count: opts.keepCompleted ?? 1000 },
        removeOnFail: { count: opts.keepFailed ?? 5000 },
      },
    });
    q.on('error', (err) => logger.warn({ err }, 'bullmq queue error'));
    return q;
  };
  let queue = openQueue();
  // BullMQ reads the server's version once, after the first connect, and keeps that step's
  // failure for good: Redis going away during it (a restart while Hookflow starts) left every
  // later add failing with the same error although the connection was back. A queue whose
  // handshake failed is replaced on the same connection, once the connection is ready again.
  const usable = async (): Promise<BullQueue<JobData>> => {
    const current = queue;
    try {
      await current.waitUntilReady();
      return current;
    } catch (err) {
      if (producer.status !== 'ready') throw err;
      if (queue === current) {
        logger.warn({ err }, 'bullmq queue handshake failed earlier; starting it again');
        queue = openQueue();
        current.close().catch(() => undefined);
      }
      await queue.waitUntilReady();
      return queue;
    }
  };

  // Executions whose job is running in this process, counted (a duplicate job may overlap).
  const activeHere = new Map<string, number>();
  let worker: Worker<JobData> | null = null;
  let workerConnection: Redis | null = null;
  let seq = 0;

  // Commands fail fast while Redis is unreachable (ingress then answers at once and the sweep
  // enqueues later), but right after start-up the first connect is awaited briefly.
  let everReady = false;
  producer.once('ready', () => {
    everReady = true;
  });
  const connected = (ms = 2000): Promise<void> => {
    if (everReady || producer.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        producer.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      producer.on('ready', done);
    });
  };

  const jobIdFor = (executionId: string, runAt: number | undefined) =>
    `${executionId}.${(runAt ?? Date.now()).toString(36)}.${(seq++ % 1296).toString(36)}`;

  return {
    kind: 'bullmq',
    async enqueue(executionId, runAt) {
      await connected();
      const delay = runAt === undefined ? 0 : Math.max(0, runAt - Date.now());
      const queue = await usable();
      if (activeHere.has(executionId)) await queue.removeDeduplicationKey(executionId);
      await queue.add(
        'run',
        { executionId },
        {
          jobId: jobIdFor(executionId, runAt),
          delay,
          // "Run now" beats a delayed job already held (a parked execution woken early by
          // the workflow it called): that job is moved up instead of swallowing the call.
          deduplication: runAt === undefined ? { id: executionId, reschedule: true } : { id: executionId },
        },
      );
    },
    consume(handler: JobHandler, concurrency: number) {
      if (worker) throw new Error('consume() was already called');
      workerConnection = new Redis(opts.url, { maxRetriesPerRequest: null });
      workerConnection.on('error', (err) => logger.debug({ err }, 'redis (queue worker) connection error'));
      worker = new Worker<JobData>(
        QUEUE_NAME,
        async (job) => {
          const id = job.data.executionId;
          activeHere.set(id, (activeHere.get(id) ?? 0) + 1);
          try {
            await handler(id);
          } finally {
            const n = (activeHere.get(id) ?? 1) - 1;
            if (n === 0) activeHere.delete(id);
            else activeHere.set(id, n);
          }
        },
        {
          connection: workerConnection,
          prefix: opts.prefix,
          concurrency,
          lockDuration: opts.lockMs,
          stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
          maxStalledCount: opts.maxStalledCount ?? 5,
        },
      );
      worker.on('error', (err) => logger.warn({ err }, 'bullmq worker error'));
      worker.on('stalled', (jobId) => logger.info({ jobId }, 'job stalled (its worker stopped); handed on'));
    },
    async holds(executionId) {
      await connected();
      return (await producer.hookflowHolds(`${jobPrefix}de:${executionId}`, jobPrefix)) === 1;
    },
    async stats() {
      const queue = await usable();
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        oldestWaitingMs: oldest ? Date.now() - oldest.timestamp : null,
      };
    },
    async ping() {
      await connected();
      await producer.ping();
    },
    async close(graceMs = 10_000) {
      if (worker) {
        const w = worker;
        let timer: NodeJS.Timeout | undefined;
        const graceful = w.close();
        const timedOut = await Promise.race([
          graceful.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), graceMs);
          }),
        ]);
        clearTimeout(timer);
        // Jobs still running after the grace period stall and are handed on by their lock.
        if (timedOut) await w.close(true);
      }
      await queue.close().catch(() => undefined);
      producer.disconnect();
      workerConnection?.disconnect();
    },
  };
}

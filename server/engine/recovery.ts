// The recovery sweep: the store is the truth about what must still run, the queue only a
// delivery mechanism. Anything unfinished that the queue does not hold is enqueued again,
// at once (queued, or waiting and due) or when its lease runs out (running on a worker that
// may be dead). Waiting executions that are not due yet are left out: a delay of 90 days
// need not be looked up in Redis every round, and it is recovered once it falls due.
// Every process with a queue runs the sweep on a timer; a store lease lets only one of them
// do it per round, so a fleet of workers does not flood Redis with the same look-ups.
//
// Its cost must stay linear in the backlog, because it matters most while recovering one:
// - one pass per process at a time (`createSweeper`): a timer firing while a pass is still
//   running (a slow store, a worker frozen past several intervals) skips its round instead of
//   starting a second pass over the same rows;
// - a pass stops at the rows that existed when it began (ids are time-ordered), so it never
//   chases live ingest; anything newer is the next pass's business;
// - the per-row queue check is O(1) (`Queue.holds`), never a scan of a queue list;
// - after a long pass the sweeper rests `restFactor` times as long before the next: during
//   the drain of a large backlog every pass walks the whole backlog again, and back-to-back
//   passes would make the total grow with the square of the backlog and take CPU and Redis
//   time from ingest. Resting bounds the sweep to a tenth of the time, so the number of
//   passes in a drain stays about the same whatever its size, and the total stays linear.
import type { Logger } from 'pino';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';

export const SWEEP_LEASE = 'recovery-sweep';
const BACKLOG_LOG_ROWS = 1000;

export type SweepOptions = {
  /** Who sweeps (a worker id). Without it the sweep runs unconditionally (single process). */
  owner?: string;
  /** How long the lease is held; another process takes over only after it runs out. */
  leaseMs?: number;
  /** Rows read from the store per page; the sweep pages on to the last row that existed at its start. */
  batch?: number;
  /** Queue look-ups in flight at once (each is a Redis round trip with BullMQ). */
  parallel?: number;
  /** After a pass, rounds are skipped for this many times its duration (default 9). */
  restFactor?: number;
};

export type Sweeper = {
  /** Runs a pass, or returns null at once when one is already running here, the last one's rest is not over, or another process holds the lease. */
  run(): Promise<number | null>;
  /** Whether a pass is running in this process now. */
  running(): boolean;
};

type Unfinished = Awaited<ReturnType<Store['listUnfinished']>>[number];

/** A single-flight sweeper: the runtime's timer calls `run()`; overlapping calls are skipped. */
export function createSweeper(store: Store, queue: Queue, logger: Logger, opts: SweepOptions = {}): Sweeper {
  let inFlight: Promise<number | null> | null = null;
  let restUntil = 0;
  const restFactor = opts.restFactor ?? 9;
  return {
    run() {
      if (inFlight) {
        logger.debug('recovery sweep still running; this round is skipped');
        return Promise.resolve(null);
      }
      if (Date.now() < restUntil) {
        logger.debug('recovery sweep resting after a long pass; this round is skipped');
        return Promise.resolve(null);
      }
      const started = Date.now();
      const pass = sweepUnfinished(store, queue, logger, opts).finally(() => {
        inFlight = null;
        const now = Date.now();
        restUntil = now + (now - started) * restFactor;
      });
      inFlight = pass;
      return pass;
    },
    running: () => inFlight !== null,
  };
}

/** One pass. Returns how many executions were re-enqueued, or null when another process holds the lease. */
export async function sweepUnfinished(
  store: Store,
  queue: Queue,
  logger: Logger,
  opts: SweepOptions = {},
): Promise<number | null> {
  const leaseMs = opts.leaseMs ?? 30_000;
  const holdLease = () => !opts.owner || store.tryAcquireLease(SWEEP_LEASE, opts.owner, leaseMs);
  if (!(await holdLease())) return null;
  const batch = opts.batch ?? 1000;
  const now = Date.now();
  let checked = 0;
  // Ids are ULIDs (time first, Crockford base32): every id created up to `now` sorts below
  // this bound ('~' follows every base32 digit), every later one at or above it.
  const bound = `${ulid(now).slice(0, 10)}~`;
  let enqueued = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.listUnfinished(batch, { after, dueBy: now });
    const existed = page.filter((e) => e.id < bound);
    checked += existed.length;
    await inParallel(existed, opts.parallel ?? 32, async (e) => {
      if (await queue.holds(e.id)) return;
      await queue.enqueue(e.id, runAtOf(e));
      enqueued++;
    });
    if (page.length < batch || existed.length < page.length) break;
    after = page[page.length - 1].id;
    // A long sweep renews its lease per page; if another process took over, it goes on.
    if (!(await holdLease())) break;
  }
  const ms = Date.now() - now;
  if (enqueued > 0) logger.info({ enqueued, checked, ms }, 'recovery sweep re-enqueued unfinished executions');
  // A pass over a backlog is worth seeing (its cost must stay linear in the rows it checks).
  else if (checked >= BACKLOG_LOG_ROWS) logger.info({ enqueued, checked, ms }, 'recovery sweep pass over a backlog');
  return enqueued;
}

function runAtOf(e: Unfinished): number | undefined {
  switch (e.status) {
    case 'waiting':
      return e.runAt ?? undefined;
    case 'running':
      return e.leaseUntil ?? undefined;
    default:
      return undefined;
  }
}

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

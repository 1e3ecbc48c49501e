// The recovery sweep: the store is the truth about what must still run, the queue only a
// delivery mechanism. Anything unfinished that the queue does not hold is enqueued again,
// at once (queued, or waiting and due) or when its lease runs out (running on a worker that
// may be dead). Waiting executions that are not due yet are left out: a delay of 90 days
// need not be looked up in Redis every round, and it is recovered once it falls due.
// Every process with a queue runs the sweep on a timer; a store lease lets only one of them
// do it per round, so a fleet of workers does not flood Redis with the same look-ups.
import type { Logger } from 'pino';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';

export const SWEEP_LEASE = 'recovery-sweep';

export type SweepOptions = {
  /** Who sweeps (a worker id). Without it the sweep runs unconditionally (single process). */
  owner?: string;
  /** How long the lease is held; another process takes over only after it runs out. */
  leaseMs?: number;
  /** Rows read from the store per page; the sweep pages on to the last unfinished row. */
  batch?: number;
  /** Queue look-ups in flight at once (each is a Redis round trip with BullMQ). */
  parallel?: number;
};

type Unfinished = Awaited<ReturnType<Store['listUnfinished']>>[number];

/** Returns how many executions were re-enqueued, or null when another process holds the lease. */
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
  let enqueued = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.listUnfinished(batch, { after, dueBy: now });
    await inParallel(page, opts.parallel ?? 32, async (e) => {
      if (await queue.holds(e.id)) return;
      await queue.enqueue(e.id, runAtOf(e));
      enqueued++;
    });
    if (page.length < batch) break;
    after = page[page.length - 1].id;
    // A long sweep renews its lease per page; if another process took over, it goes on.
    if (!(await holdLease())) break;
  }
  if (enqueued > 0) logger.info({ enqueued }, 'recovery sweep re-enqueued unfinished executions');
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

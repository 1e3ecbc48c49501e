// The recovery sweep: the store is the truth about what must still run, the queue only a
// delivery mechanism. Anything unfinished that the queue does not hold is enqueued again,
// at its due time (waiting) or when its lease runs out (running on a worker that may be dead).
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
  batch?: number;
};

/** Returns how many executions were re-enqueued, or null when another process holds the lease. */
export async function sweepUnfinished(
  store: Store,
  queue: Queue,
  logger: Logger,
  opts: SweepOptions = {},
): Promise<number | null> {
  if (opts.owner && !(await store.tryAcquireLease(SWEEP_LEASE, opts.owner, opts.leaseMs ?? 30_000))) return null;
  let enqueued = 0;
  for (const e of await store.listUnfinished(opts.batch ?? 5000)) {
    if (await queue.holds(e.id)) continue;
    const runAt =
      e.status === 'waiting'
        ? (e.runAt ?? undefined)
        : e.status === 'running'
          ? (e.leaseUntil ?? undefined)
          : undefined;
    await queue.enqueue(e.id, runAt);
    enqueued++;
  }
  if (enqueued > 0) logger.info({ enqueued }, 'recovery sweep re-enqueued unfinished executions');
  return enqueued;
}

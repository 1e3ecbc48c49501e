// The recovery sweep: the store is the truth about what must still run, the queue only a
// delivery mechanism. Anything unfinished that the queue does not hold is enqueued again,
// at its due time (waiting) or when its lease runs out (running on a worker that may be dead).
import type { Logger } from 'pino';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';

export async function sweepUnfinished(store: Store, queue: Queue, logger: Logger, batch = 5000): Promise<number> {
  let enqueued = 0;
  for (const e of await store.listUnfinished(batch)) {
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

// Enqueueing an execution whose state the store has already committed (parked until a due
// time, handed back, woken by the workflow it called). If the queue is unreachable then (a
// Redis outage), nothing is lost: the recovery sweep re-enqueues every queued or due row the
// queue does not hold. So it is a handled condition, logged as a warning, not an internal
// error that aborts the run (and counts towards quarantining the execution).
import type { Logger } from 'pino';
import type { Queue } from '../queue/queue.ts';

export async function enqueueCommitted(queue: Queue, log: Logger, executionId: string, runAt?: number): Promise<void> {
  try {
    await queue.enqueue(executionId, runAt);
  } catch (err) {
    log.warn(
      { err, executionId, runAt },
      'queue unavailable: the execution is saved and the recovery sweep enqueues it when it is due',
    );
  }
}

// The Queue port. Jobs carry only execution ids: the store holds everything else, so a
// lost job is recovered from the store by the sweep, never the other way round.
export type JobHandler = (executionId: string) => Promise<void>;

export type QueueStats = { waiting: number; active: number; delayed: number; oldestWaitingMs: number | null };

export type Queue = {
  kind: 'local' | 'bullmq';
  /** `runAt` (epoch ms) delays the job; a delayed job holds no worker slot. */
  enqueue(executionId: string, runAt?: number): Promise<void>;
  /** Starts consuming with the given concurrency. Call once per process with a worker role. */
  consume(handler: JobHandler, concurrency: number): void;
  /** Whether the queue currently holds a job (waiting, delayed or active) for the execution. */
  holds(executionId: string): Promise<boolean>;
  stats(): Promise<QueueStats>;
  ping(): Promise<void>;
  /** Stops taking jobs and waits (up to `graceMs`) for running handlers. */
  close(graceMs?: number): Promise<void>;
};

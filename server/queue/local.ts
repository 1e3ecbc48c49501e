// The in-process queue: FIFO plus timers for delayed jobs. Nothing here is durable, and it
// need not be: executions are committed to the store first, and start-up recovery
// re-enqueues whatever was unfinished.
import type { JobHandler, Queue } from './queue.ts';

/**
 * Acknowledging comes first. The executions share the process (and its one event loop) with
 * the trigger endpoint, and the more run at once, the larger their share of each turn. While
 * jobs arrive faster than `perSecond`, at most `concurrency` run; once the burst is over the
 * full concurrency drains the backlog, which is durable meanwhile. (Measured on 2 cores:
 * 64 at once drain ~10 % faster than 16, since one SQLite commit then covers more writes,
 * but during a burst they cost ingest a third of its rate.)
 */
export type BurstLimit = { perSecond: number; concurrency: number };

const WINDOW_MS = 100;

export function createLocalQueue(opts: { burst?: BurstLimit; now?: () => number } = {}): Queue {
  const now = opts.now ?? Date.now;
  const ready: string[] = [];
  let head = 0;
  const enqueuedAt = new Map<string, number>();
  const delayed = new Map<string, NodeJS.Timeout>();
  const active = new Set<string>();
  let handler: JobHandler | null = null;
  let concurrency = 0;
  let closing = false;
  let idle: (() => void) | null = null;

  // Arrivals in the current window of WINDOW_MS and the one before it (0 once that is not
  // the window just before): the rate over the last one to two windows.
  let windowStart = 0;
  let inWindow = 0;
  let inPrevious = 0;
  const roll = () => {
    const t = now();
    if (t - windowStart < WINDOW_MS) return;
    inPrevious = t - windowStart < 2 * WINDOW_MS ? inWindow : 0;
    inWindow = 0;
    windowStart = t;
  };
  const noteArrival = () => {
    roll();
    inWindow++;
  };
  const limit = () => {
    const burst = opts.burst;
    if (!burst) return concurrency;
    roll();
    const arriving = ((inWindow + inPrevious) * 1000) / (2 * WINDOW_MS) > burst.perSecond;
    return arriving ? Math.min(burst.concurrency, concurrency) : concurrency;
  };

  const pump = () => {
    const max = limit();
    while (handler && !closing && active.size < max && head < ready.length) {
      const id = ready[head++];
      if (head > 1024 && head * 2 > ready.length) {
        ready.splice(0, head);
        head = 0;
      }
      enqueuedAt.delete(id);
      active.add(id);
      const h = handler;
      // Defer to a fresh tick so a burst of enqueues cannot starve the HTTP server.
      setImmediate(() => {
        h(id)
          .catch(() => {
            // The handler records its own failures in the store; a throw here is a bug
            // already logged by the engine, and the recovery sweep owns the retry.
          })
          .finally(() => {
            active.delete(id);
            if (closing && active.size === 0) idle?.();
            pump();
          });
      });
    }
  };

  const push = (id: string) => {
    if (enqueuedAt.has(id) || closing) return;
    enqueuedAt.set(id, now());
    noteArrival();
    ready.push(id);
    pump();
  };

  // Node fires a timer longer than 2^31-1 ms (24.8 days) after 1 ms instead: a long delay
  // is slept in capped steps, re-armed until it is due.
  const arm = (id: string, runAt: number) => {
    const t = setTimeout(
      () => {
        if (runAt > Date.now()) return arm(id, runAt);
        delayed.delete(id);
        push(id);
      },
      Math.min(runAt - Date.now(), MAX_TIMER_MS),
    );
    t.unref();
    delayed.set(id, t);
  };

  return {
    kind: 'local',
    async enqueue(executionId, runAt) {
      if (runAt === undefined || runAt <= Date.now()) return push(executionId);
      clearTimeout(delayed.get(executionId));
      arm(executionId, runAt);
    },
    consume(h, n) {
      handler = h;
      concurrency = n;
      pump();
    },
    async holds(executionId) {
      return enqueuedAt.has(executionId) || delayed.has(executionId) || active.has(executionId);
    },
    async stats() {
      const first = enqueuedAt.values().next();
      return {
        waiting: enqueuedAt.size,
        active: active.size,
        delayed: delayed.size,
        oldestWaitingMs: first.done ? null : now() - first.value,
      };
    },
    async ping() {
      if (closing) throw new Error('queue is closed');
    },
    async close(graceMs = 10_000) {
      closing = true;
      for (const t of delayed.values()) clearTimeout(t);
      delayed.clear();
      if (active.size === 0) return;
      await Promise.race([
        new Promise<void>((resolve) => {
          idle = resolve;
        }),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    },
  };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

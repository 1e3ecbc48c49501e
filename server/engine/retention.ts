// Retention: deletes finished executions older than EXECUTION_RETENTION_DAYS or beyond the
// newest EXECUTION_RETENTION_PER_WORKFLOW of their workflow, and expired sessions. Runs in
// the background in small batches and yields to the event loop between them, so a large
// backlog never holds the store (or ingress) for longer than one batch.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';

export type RetentionOptions = {
  store: Store;
  logger: Logger;
  days: number;
  perWorkflow: number;
  batchSize: number;
  intervalMs: number;
  /** Pause between batches, giving queued requests their turn. */
  pauseMs?: number;
  onPruned?: (count: number) => void;
};

export type Retention = {
  /** Prunes until nothing is left to prune (or stop() is called); returns how many went. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
};

const DAY_MS = 86_400_000;

export function createRetention(opts: RetentionOptions): Retention {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> | null = null;

  const prune = async (): Promise<number> => {
    let total = 0;
    const before = opts.days > 0 ? Date.now() - opts.days * DAY_MS : 0;
    // With both execution rules off, a run still happens: it deletes no execution, but
    // expired dedupe keys and sessions must never pile up.
    while (!stopped) {
      const n = await opts.store.pruneExecutions({
        before,
        keepPerWorkflow: opts.perWorkflow,
        limit: opts.batchSize,
      });
      total += n;
      if (n > 0) opts.onPruned?.(n);
      if (n < opts.batchSize) break;
      await sleep(opts.pauseMs ?? 5);
    }
    await opts.store.deleteExpiredSessions(Date.now());
    if (total > 0) opts.logger.info({ pruned: total }, 'retention pruned executions');
    return total;
  };

  const runOnce = () => {
    running ??= prune().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runOnce,
    start() {
      const tick = () => {
        runOnce()
          .catch((err) => opts.logger.error({ err }, 'retention run failed'))
          .finally(() => {
            if (!stopped) {
              timer = setTimeout(tick, opts.intervalMs);
              timer.unref();
            }
          });
      };
      timer = setTimeout(tick, opts.intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

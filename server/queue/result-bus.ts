// Finished executions announced to whoever waits for them: a sync-mode trigger holding its
// caller's request, or the editor's live view. In one process an EventEmitter is enough;
// with api and worker in different processes the Redis implementation carries it.
import { EventEmitter } from 'node:events';

export type ExecutionResult = {
  executionId: string;
  workflowId: string;
  status: 'succeeded' | 'failed';
  result: unknown;
  error: { message: string; code?: string; stepId?: string } | null;
  /** The output of the workflow's `respond` step, if one ran: what a sync trigger answers. */
  response?: { status: number; headers?: Record<string, string>; body?: unknown };
};

export type ResultBus = {
  publish(result: ExecutionResult): Promise<void>;
  /** Resolves with the result, or null when `timeoutMs` passes first. */
  waitFor(executionId: string, timeoutMs: number): Promise<ExecutionResult | null>;
  close(): Promise<void>;
};

export function createLocalResultBus(): ResultBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  // Closing answers every waiter with null (its caller gets the 202 path) instead of leaving it hanging.
  const waiters = new Set<(r: ExecutionResult | null) => void>();
  let closed = false;
  return {
    async publish(result) {
      emitter.emit(result.executionId, result);
    },
    waitFor(executionId, timeoutMs) {
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        const settle = (r: ExecutionResult | null) => {
          clearTimeout(timer);
          emitter.off(executionId, settle);
          waiters.delete(settle);
          resolve(r);
        };
        const timer = setTimeout(() => settle(null), timeoutMs);
        waiters.add(settle);
        emitter.once(executionId, settle);
      });
    },
    async close() {
      closed = true;
      for (const settle of [...waiters]) settle(null);
      emitter.removeAllListeners();
    },
  };
}

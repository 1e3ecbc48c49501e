// Per-workflow maximum concurrent executions (`settings.maxConcurrency`). Consulted right
// after an execution is claimed: the count includes the claim itself, so two workers racing
// for the last slot cannot both proceed (at worst both step back and retry). An execution
// over the limit is handed back and re-enqueued shortly: excess waits, it is never rejected.
import type { Logger } from 'pino';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { enqueueCommitted } from './enqueue-committed.ts';

export const GATE_RETRY_MS = 200;

export async function admitUnderLimit(
  deps: { store: Store; queue: Queue; workerId: string; logger: Logger },
  executionId: string,
  workflow: CompiledWorkflow,
): Promise<boolean> {
  const limit = workflow.document.settings?.maxConcurrency;
  if (typeof limit !== 'number' || limit < 1) return true;
  if ((await deps.store.countRunning(workflow.id)) <= limit) return true;
  await deps.store.releaseExecution(executionId, deps.workerId);
  // Jitter spreads the retries of many waiting executions over time.
  await enqueueCommitted(
    deps.queue,
    deps.logger,
    executionId,
    Date.now() + GATE_RETRY_MS + Math.floor(Math.random() * GATE_RETRY_MS),
  );
  return false;
}

// Finishing an execution: record the outcome, tell listeners (sync triggers get the
// `respond` step's output), wake a parent waiting in `workflow.call`, and start the
// workflow's `onError` workflow when it failed.
import type { ErrorInfo, ExecutionRow, StepRecord } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import type { EngineDeps, ExecutionResponse } from './run-execution.ts';
import { createInternalExecution } from './start-execution.ts';
import { lastOutput } from './step-records.ts';

export async function finishExecution(
  deps: EngineDeps,
  exec: ExecutionRow,
  workflow: CompiledWorkflow | null,
  status: 'succeeded' | 'failed',
  records: Map<string, StepRecord> | null,
  error: ErrorInfo | null,
): Promise<void> {
  const result = status === 'succeeded' && workflow && records ? lastOutput(workflow, records) : null;
  const ok = await deps.store.finishExecution(exec.id, deps.workerId, { status, result, error });
  if (!ok) return;
  const response = workflow && records ? responseOf(workflow, records) : undefined;
  deps.onFinished?.({
    id: exec.id,
    workflowId: exec.workflowId,
    status,
    result,
    error,
    ...(response ? { response } : {}),
  });
  const caller = exec.trigger.caller;
  if (caller && (await deps.store.wakeExecution(caller.executionId))) await deps.queue.enqueue(caller.executionId);
  const onError = workflow?.document.settings?.onError;
  // An error workflow's own failure does not start another: no loops.
  if (status === 'failed' && typeof onError === 'string' && exec.trigger.method !== 'ERROR') {
    try {
      const id = await createInternalExecution(deps.store, {
        workflowId: onError,
        method: 'ERROR',
        body: {
          execution: {
            id: exec.id,
            workflowId: exec.workflowId,
            workflowName: workflow?.document.name ?? exec.workflowId,
            workflowVersion: exec.workflowVersion,
            startedAt: exec.startedAt === null ? null : new Date(exec.startedAt).toISOString(),
            failedAt: new Date().toISOString(),
          },
          error,
          trigger: { method: exec.trigger.method, path: exec.trigger.path, receivedAt: exec.trigger.receivedAt },
        },
      });
      await deps.queue.enqueue(id);
    } catch (err) {
      deps.logger.warn({ err, executionId: exec.id, onError }, 'could not start the onError workflow');
    }
  }
}

/** The first `respond` step of the main graph that ran decides a sync trigger's answer. */
function responseOf(workflow: CompiledWorkflow, records: Map<string, StepRecord>): ExecutionResponse | undefined {
  for (const id of workflow.order) {
    const r = records.get(id);
    if (r?.type === 'respond' && r.status === 'succeeded') return r.output as ExecutionResponse;
  }
  return undefined;
}

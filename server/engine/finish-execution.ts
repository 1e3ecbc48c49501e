// Finishing an execution: record the outcome, tell listeners (sync triggers get the
// `respond` step's output), wake a parent waiting in `workflow.call`, and start the
// workflow's `onError` workflow and its alerts (settings.alerts) when it failed.
import type { ErrorInfo, ExecutionRow, StepRecord } from '../store/store.ts';
import type { CompiledWorkflow } from './compiled.ts';
import type { EngineDeps, ExecutionResponse } from './engine-deps.ts';
import { enqueueCommitted } from './enqueue-committed.ts';
import { createInternalExecution } from './start-execution.ts';
import { lastOutput } from './step-records.ts';

export async function finishExecution(
  deps: EngineDeps,
  exec: ExecutionRow,
  workflow: CompiledWorkflow | null,
  status: 'succeeded' | 'failed',
  records: Map<string, StepRecord> | null,
  error: ErrorInfo | null,
  /** Records not yet checkpointed: written with the outcome, in one write. */
  steps: StepRecord[] = [],
): Promise<void> {
  const result = status === 'succeeded' && workflow && records ? lastOutput(workflow, records) : null;
  // The onError execution is committed before the failure, under a key of this execution: a
  // worker that dies between the two leaves it to the next owner, whose run fails again and
  // finds the same onError execution instead of losing it or starting a second one.
  // A test run's failure is the editor's to show: no onError workflow, no alert.
  const onErrorId = status === 'failed' && !exec.testRun ? await startOnError(deps, exec, workflow, error) : null;
  const ok = await deps.store.finishExecution(exec.id, deps.workerId, {
    status,
    result,
    error,
    ...(steps.length > 0 ? { steps } : {}),
  });
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
  // Failure alerts run in the background: they never delay or change this outcome.
  if (status === 'failed' && !exec.testRun && workflow?.document.settings?.alerts) {
    deps.alerts?.notify({ exec, document: workflow.document, error, failedAt: Date.now() });
  }
  const parent = exec.parentExecutionId;
  if (parent && (await deps.store.wakeExecution(parent))) await enqueueCommitted(deps.queue, deps.logger, parent);
  // Enqueued only once the failure is committed (if this enqueue is lost, the sweep finds it queued).
  if (onErrorId) await deps.queue.enqueue(onErrorId).catch(() => {});
}

async function startOnError(
  deps: EngineDeps,
  exec: ExecutionRow,
  workflow: CompiledWorkflow | null,
  error: ErrorInfo | null,
): Promise<string | null> {
  const onError = workflow?.document.settings?.onError;
  // An error workflow's own failure does not start another: no loops.
  if (typeof onError !== 'string' || exec.trigger.method === 'ERROR') return null;
  try {
    return await createInternalExecution(deps.store, {
      workflowId: onError,
      method: 'ERROR',
      dedupeKey: `onerror:${exec.id}`,
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
  } catch (err) {
    deps.logger.warn({ err, executionId: exec.id, onError }, 'could not start the onError workflow');
    return null;
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

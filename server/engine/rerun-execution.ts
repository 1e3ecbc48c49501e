// Replay (a new execution with the same input) and retry (the same execution continues
// from its failed step, earlier outputs kept), for the API and the editor.
import { notFound, UserError } from '../lib/errors.ts';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { hasErrorEdge } from './plan.ts';
import { createInternalExecution } from './start-execution.ts';

/** A new execution of the workflow's current version with the original trigger input. */
export async function replayExecution(store: Store, queue: Queue, id: string): Promise<string> {
  const exec = await store.getExecution(id);
  if (!exec) throw notFound('execution', id);
  if (!(await store.getWorkflow(exec.workflowId))) {
    throw new UserError(409, 'workflow_not_found', `workflow "${exec.workflowId}" no longer exists`);
  }
  // A replay is a fresh run of its own: it has no parent waiting for it (parentExecutionId is not copied).
  const trigger = exec.trigger;
  const newId = await createInternalExecution(store, {
    workflowId: exec.workflowId,
    method: trigger.method,
    body: trigger.body,
    trigger: { ...trigger, receivedAt: new Date().toISOString() },
  });
  await queue.enqueue(newId);
  return newId;
}

/**
 * Reopens a failed execution: the records of the failure that ended it (and of everything
 * skipped or parked because of it) are removed, so the planner runs those steps again;
 * succeeded steps and failures handled by an `error` edge stay as they were.
 */
export async function retryExecution(
  store: Store,
  queue: Queue,
  load: (workflowId: string, version: number) => Promise<CompiledWorkflow | null>,
  id: string,
): Promise<void> {
  const exec = await store.getExecution(id);
  if (!exec) throw notFound('execution', id);
  if (exec.status !== 'failed') {
    throw new UserError(409, 'not_failed', `only a failed execution can be retried; this one is ${exec.status}`);
  }
  const workflow = await load(exec.workflowId, exec.workflowVersion);
  if (!workflow)
    throw new UserError(
      409,
      'workflow_not_found',
      `workflow ${exec.workflowId} v${exec.workflowVersion} no longer exists`,
    );
  const records = await store.listStepRecords(id);
  const stale = records.filter(
    (r) =>
      r.status === 'skipped' ||
      r.status === 'running' ||
      r.status === 'waiting' ||
      (r.status === 'failed' && !hasErrorEdge(workflow, r.stepId)),
  );
  await store.deleteStepRecords(
    id,
    stale.map((r) => r.key),
  );
  if (!(await store.reopenExecution(id))) {
    throw new UserError(409, 'not_failed', 'the execution changed while it was being retried');
  }
  await queue.enqueue(id);
}

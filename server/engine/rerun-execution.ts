// Replay (a new execution with the same input) and retry (the same execution continues
// from its failed step, earlier outputs kept), for the API and the editor. Both run either
// the workflow's current version (the default: the usual reason to rerun is a fix) or the
// version the execution ran, and say which they ran. A retry keeps the ended attempt (its
// status, error and step records) on the execution; a replay records what it replays.
import { notFound, UserError } from '../lib/errors.ts';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import { type ExecutionAttempt, type ExecutionRow, MAX_KEPT_ATTEMPTS, type Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { hasErrorEdge } from './plan.ts';
import type { TestRunSource } from './workflow-loader.ts';

/** `current`: the workflow's newest version; `original`: the version the execution ran. */
export type RerunVersion = 'current' | 'original';

export type Rerun = { executionId: string; workflowVersion: number; version: RerunVersion };

type Load = (workflowId: string, version: number, testRun?: TestRunSource | null) => Promise<CompiledWorkflow | null>;

/** The version a rerun runs. A test run always reruns its own document, as it ran. */
async function targetVersion(store: Store, exec: ExecutionRow, version: RerunVersion): Promise<number> {
  const wf = await store.getWorkflow(exec.workflowId);
  if (!wf) throw new UserError(409, 'workflow_not_found', `workflow "${exec.workflowId}" no longer exists`);
  return version === 'current' && !exec.testRun ? wf.version : exec.workflowVersion;
}

/** A new execution with the original trigger input, linked to the execution it replays. */
export async function replayExecution(
  store: Store,
  queue: Queue,
  id: string,
  version: RerunVersion = 'current',
): Promise<Rerun> {
  const exec = await store.getExecution(id);
  if (!exec) throw notFound('execution', id);
  const workflowVersion = await targetVersion(store, exec, version);
  // A replay is a fresh run of its own: no parent waits for it (parentExecutionId is not copied).
  const trigger = exec.trigger;
  const now = Date.now();
  const newId = ulid(now);
  await store.createExecution({
    id: newId,
    workflowId: exec.workflowId,
    workflowVersion,
    trigger: { ...trigger, receivedAt: new Date(now).toISOString() },
    createdAt: now,
    replayOf: exec.id,
    ...(exec.testRun && exec.document ? { testRun: true, document: exec.document } : {}),
  });
  await queue.enqueue(newId);
  return { executionId: newId, workflowVersion, version };
}

/**
 * Reopens a failed execution: the records of the failure that ended it (and of everything
 * skipped or parked because of it) are removed, so the planner runs those steps again;
 * succeeded steps and failures handled by an `error` edge stay as they were. The ended
 * attempt is kept whole on the execution first, in the same atomic step as the reopening.
 */
export async function retryExecution(
  store: Store,
  queue: Queue,
  load: Load,
  id: string,
  version: RerunVersion = 'current',
): Promise<Rerun> {
  const exec = await store.getExecution(id);
  if (!exec) throw notFound('execution', id);
  if (exec.status !== 'failed') {
    throw new UserError(409, 'not_failed', `only a failed execution can be retried; this one is ${exec.status}`);
  }
  const workflowVersion = await targetVersion(store, exec, version);
  const testRun = exec.testRun && exec.document ? { executionId: exec.id, document: exec.document } : null;
  const workflow = await load(exec.workflowId, workflowVersion, testRun);
  if (!workflow) {
    throw new UserError(409, 'workflow_not_found', `workflow ${exec.workflowId} v${workflowVersion} no longer exists`);
  }
  const records = await store.listStepRecords(id);
  const earlier = exec.attempts ?? [];
  const ended: ExecutionAttempt = {
    attempt: earlier.length + 1,
    workflowVersion: exec.workflowVersion,
    status: exec.status,
    error: exec.error,
    startedAt: exec.startedAt,
    finishedAt: exec.finishedAt,
    steps: records,
  };
  const stale = records.filter(
    (r) =>
      r.status === 'skipped' ||
      r.status === 'running' ||
      r.status === 'waiting' ||
      (r.status === 'failed' && !hasErrorEdge(workflow, r.stepId)),
  );
  // Deleted before reopening, as before: a reopened execution may be claimed at once, and
  // must not find the failure that ended the last attempt. The attempt is already copied.
  await store.deleteStepRecords(
    id,
    stale.map((r) => r.key),
  );
  const reopened = await store.reopenExecution(id, {
    workflowVersion,
    attempts: [...earlier, ended].slice(-MAX_KEPT_ATTEMPTS),
  });
  if (!reopened) throw new UserError(409, 'not_failed', 'the execution changed while it was being retried');
  await queue.enqueue(id);
  return { executionId: id, workflowVersion, version };
}

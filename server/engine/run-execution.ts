// The executor. Claims an execution with a lease, replays checkpointed step records into
// the expression context, and runs the graph wave by wave until it finishes, fails, or
// parks itself (retry backoff, delay) without holding a worker slot.
import type { Logger } from 'pino';
import type { NodeServices } from '../nodes/define-node.ts';
import type { Queue } from '../queue/queue.ts';
import type { ErrorInfo, ExecutionRow, StepRecord, Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { admitUnderLimit } from './concurrency-gate.ts';
import type { ExpressionContext } from './expressions.ts';
import { hasErrorEdge, plan } from './plan.ts';
import { nextRetryDelay } from './retry-policy.ts';
import { runStepAttempt } from './run-step.ts';

export type ExecutionOutcome = {
  id: string;
  workflowId: string;
  status: 'succeeded' | 'failed';
  result: unknown;
  error: ErrorInfo | null;
};

export type EngineDeps = {
  store: Store;
  queue: Queue;
  services: NodeServices;
  logger: Logger;
  workerId: string;
  leaseMs: number;
  stepTimeoutMs: number;
  loadWorkflow: (workflowId: string, version: number) => Promise<CompiledWorkflow | null>;
  /** Told about every finished execution (sync responses, metrics). */
  onFinished?: (outcome: ExecutionOutcome) => void;
};

export async function runExecution(deps: EngineDeps, executionId: string): Promise<void> {
  const { store, workerId, leaseMs } = deps;
  const claimedAt = Date.now();
  const exec = await store.claimExecution(executionId, workerId, leaseMs, claimedAt);
  if (!exec) return; // finished, not yet due, or leased by a live worker
  const log = deps.logger.child({ executionId, workflowId: exec.workflowId });
  const renew = setInterval(
    () => {
      store.renewLease(executionId, workerId, leaseMs).catch((err) => log.warn({ err }, 'lease renewal failed'));
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  renew.unref();
  try {
    const workflow = await deps.loadWorkflow(exec.workflowId, exec.workflowVersion);
    if (!workflow) {
      await finish(deps, exec, 'failed', null, {
        message: `workflow ${exec.workflowId} v${exec.workflowVersion} no longer exists`,
      });
      return;
    }
    if (!(await admitUnderLimit(deps, executionId, workflow))) return;
    // started_at is set by the first claim only: if it is ours, no step has run yet.
    await runGraph(deps, exec, workflow, log, exec.startedAt === claimedAt);
  } catch (err) {
    // A store failure mid-run: leave the lease to expire so the sweep hands it on.
    log.error({ err }, 'execution aborted by an internal error');
  } finally {
    clearInterval(renew);
  }
}

async function runGraph(
  deps: EngineDeps,
  exec: ExecutionRow,
  workflow: CompiledWorkflow,
  log: Logger,
  firstRun: boolean,
): Promise<void> {
  const { store } = deps;
  const records = new Map<string, StepRecord>();
  if (!firstRun) for (const r of await store.listStepRecords(exec.id)) records.set(r.key, r);
  const ctx: ExpressionContext = {
    trigger: exec.trigger,
    steps: {},
    execution: { id: exec.id, workflowId: exec.workflowId },
  };
  for (const r of records.values()) exposeOutput(ctx, r);

  for (;;) {
    const next = plan(workflow, records);
    for (const id of next.skip) {
      const now = Date.now();
      const rec = newRecord(exec.id, id, workflow, 'skipped', 0, now);
      rec.finishedAt = now;
      await store.saveStepRecord(rec);
      records.set(id, rec);
    }
    if (next.ready.length === 0) {
      if (next.skip.length > 0) continue;
      break;
    }
    const results = await Promise.all(next.ready.map((id) => runOne(deps, exec, workflow, id, records, ctx)));
    const failed = results.find((r) => r.kind === 'fatal');
    if (failed && failed.kind === 'fatal') {
      await finish(deps, exec, 'failed', null, failed.error);
      log.info({ stepId: failed.error.stepId }, 'execution failed');
      return;
    }
    const waits = results.flatMap((r) => (r.kind === 'wait' ? [r.runAt] : []));
    if (waits.length > 0) {
      const runAt = Math.min(...waits);
      await store.suspendExecution(exec.id, deps.workerId, runAt);
      await deps.queue.enqueue(exec.id, runAt);
      return;
    }
  }
  await finish(deps, exec, 'succeeded', lastOutput(workflow, records), null);
}

type StepOutcome = { kind: 'done' } | { kind: 'wait'; runAt: number } | { kind: 'fatal'; error: ErrorInfo };

async function runOne(
  deps: EngineDeps,
  exec: ExecutionRow,
  workflow: CompiledWorkflow,
  id: string,
  records: Map<string, StepRecord>,
  ctx: ExpressionContext,
): Promise<StepOutcome> {
  const step = workflow.steps.get(id)!;
  const previous = records.get(id);
  const attempt = previous?.status === 'waiting' ? previous.attempt + 1 : 1;
  const startedAt = Date.now();
  const rec = newRecord(exec.id, id, workflow, 'running', attempt, startedAt);
  if (step.spec.disabled) {
    Object.assign(rec, { status: 'succeeded', input: { disabled: true }, output: null, finishedAt: startedAt });
    await deps.store.saveStepRecord(rec);
    records.set(id, rec);
    return { kind: 'done' };
  }
  const outcome = await runStepAttempt(step, {
    executionId: exec.id,
    workflowId: exec.workflowId,
    key: id,
    attempt,
    services: deps.services,
    defaultTimeoutMs: deps.stepTimeoutMs,
    expressions: ctx,
  });
  rec.input = outcome.input;
  rec.finishedAt = Date.now();
  if (outcome.ok) {
    rec.status = 'succeeded';
    rec.output = outcome.result.output ?? null;
    rec.branches = outcome.result.branches ?? null;
    await deps.store.saveStepRecord(rec);
    records.set(id, rec);
    exposeOutput(ctx, rec);
    return { kind: 'done' };
  }
  rec.error = outcome.info;
  const delay = nextRetryDelay(step.spec.retry ?? step.node.defaultRetry, attempt, outcome.error);
  if (delay !== null) {
    rec.status = 'waiting';
    await deps.store.saveStepRecord(rec);
    records.set(id, rec);
    return { kind: 'wait', runAt: Date.now() + delay };
  }
  rec.status = 'failed';
  await deps.store.saveStepRecord(rec);
  records.set(id, rec);
  exposeOutput(ctx, rec);
  if (hasErrorEdge(workflow, id)) return { kind: 'done' };
  return { kind: 'fatal', error: { ...outcome.info, stepId: id } };
}

function newRecord(
  executionId: string,
  key: string,
  workflow: CompiledWorkflow,
  status: StepRecord['status'],
  attempt: number,
  now: number,
): StepRecord {
  const step = workflow.steps.get(key)!;
  return {
    executionId,
    key,
    stepId: step.spec.id,
    type: step.spec.type,
    status,
    attempt,
    input: null,
    output: null,
    branches: null,
    error: null,
    startedAt: now,
    finishedAt: null,
  };
}

/** Later steps see a finished step's output as `steps.<id>`; a handled failure as `steps.<id>.error`. */
function exposeOutput(ctx: ExpressionContext, rec: StepRecord): void {
  if (rec.status === 'succeeded') ctx.steps[rec.key] = rec.output;
  else if (rec.status === 'failed') ctx.steps[rec.key] = { error: rec.error };
}

/** The execution's result: the output of the last step to succeed, in graph order. */
function lastOutput(workflow: CompiledWorkflow, records: Map<string, StepRecord>): unknown {
  let result: unknown = null;
  for (const id of workflow.order) {
    const r = records.get(id);
    if (r?.status === 'succeeded') result = r.output;
  }
  return result;
}

async function finish(
  deps: EngineDeps,
  exec: ExecutionRow,
  status: 'succeeded' | 'failed',
  result: unknown,
  error: ErrorInfo | null,
): Promise<void> {
  const ok = await deps.store.finishExecution(exec.id, deps.workerId, { status, result, error });
  if (ok) deps.onFinished?.({ id: exec.id, workflowId: exec.workflowId, status, result, error });
}

// The executor. Claims an execution with a lease, replays checkpointed step records into
// the expression context, and runs the graph (run-scope.ts) until it finishes, fails, or
// parks itself (retry backoff, delay, loop, called workflow) without holding a worker slot.
import type { Logger } from 'pino';
import type { NodeServices } from '../nodes/define-node.ts';
import type { Queue } from '../queue/queue.ts';
import type { ErrorInfo, ExecutionRow, Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { admitUnderLimit } from './concurrency-gate.ts';
import type { ExpressionContext } from './expressions.ts';
import { finishExecution } from './finish-execution.ts';
import { type RunEnv, runScope, scopeRecords } from './run-scope.ts';
import { exposeOutput } from './step-records.ts';

export type ExecutionResponse = { status: number; headers: Record<string, string>; body: unknown };

export type ExecutionOutcome = {
  id: string;
  workflowId: string;
  status: 'succeeded' | 'failed';
  result: unknown;
  error: ErrorInfo | null;
  /** The output of the `respond` step, if one ran: what a sync trigger answers with. */
  response?: ExecutionResponse;
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
  const exec = await store.claimExecution(executionId, workerId, leaseMs);
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
      await finishExecution(deps, exec, null, 'failed', null, {
        message: `workflow ${exec.workflowId} v${exec.workflowVersion} no longer exists`,
      });
      return;
    }
    if (!(await admitUnderLimit(deps, executionId, workflow))) return;
    await runGraph(deps, exec, workflow, log);
  } catch (err) {
    // A store failure mid-run: leave the lease to expire so the sweep hands it on.
    log.error({ err }, 'execution aborted by an internal error');
  } finally {
    clearInterval(renew);
  }
}

async function runGraph(deps: EngineDeps, exec: ExecutionRow, workflow: CompiledWorkflow, log: Logger): Promise<void> {
  const env: RunEnv = { deps, exec, workflow, log, scopes: new Map(), afterSuspend: [], polled: new Set() };
  // Always read the checkpoints: telling a first run apart by timestamps is not safe when a
  // suspended execution is claimed again within the same millisecond.
  for (const r of await deps.store.listStepRecords(exec.id)) {
    scopeRecords(env, r.key.slice(0, r.key.length - r.stepId.length)).set(r.stepId, r);
  }
  const records = scopeRecords(env, '');
  const ctx: ExpressionContext = {
    trigger: exec.trigger,
    steps: {},
    execution: { id: exec.id, workflowId: exec.workflowId },
  };
  for (const r of records.values()) exposeOutput(ctx, r);

  const outcome = await runScope(env, { graph: workflow, prefix: '', ctx, records });
  switch (outcome.kind) {
    case 'fatal':
      await finishExecution(deps, exec, workflow, 'failed', records, outcome.error);
      log.info({ stepId: outcome.error.stepId }, 'execution failed');
      return;
    case 'wait':
      await deps.store.suspendExecution(exec.id, deps.workerId, outcome.runAt);
      await deps.queue.enqueue(exec.id, outcome.runAt);
      for (const hook of env.afterSuspend) {
        await hook().catch((err) => log.warn({ err }, 'after-suspend hook failed; the recovery sweep covers it'));
      }
      return;
    case 'done':
      await finishExecution(deps, exec, workflow, 'succeeded', records, null);
      return;
  }
}

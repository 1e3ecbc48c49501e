// The executor. Claims an execution with a lease, replays checkpointed step records into
// the expression context, and runs the graph (run-scope.ts) until it finishes, fails, or
// parks itself (retry backoff, delay, loop, called workflow) without holding a worker slot.
import type { Logger } from 'pino';
import { parseDuration } from '../lib/duration.ts';
import type { ClaimedExecution, ExecutionRow } from '../store/store.ts';
import type { CompiledWorkflow } from './compile-workflow.ts';
import { admitUnderLimit } from './concurrency-gate.ts';
import type { EngineDeps } from './engine-deps.ts';
import { enqueueCommitted } from './enqueue-committed.ts';
import type { ExpressionContext } from './expressions.ts';
import { finishExecution } from './finish-execution.ts';
import {
  checkpoint,
  ExecutionTimeoutError,
  LeaseLostError,
  type RunEnv,
  scopeRecords,
  takeUnsaved,
} from './run-env.ts';
import { runScope } from './run-scope.ts';
import { createSecretSet, lazyLogger, type SecretSet, scrubbingLogger } from './secret-set.ts';
import { exposeOutput } from './step-records.ts';
import { testRunSource } from './test-run.ts';

export type { EngineDeps, ExecutionOutcome, ExecutionResponse } from './engine-deps.ts';

/** Runs that ended without handing the execution back, after which it is failed for good. */
export const MAX_INTERNAL_ABORTS = 5;

export async function runExecution(deps: EngineDeps, executionId: string): Promise<void> {
  const { store, workerId, leaseMs } = deps;
  const exec = await store.claimExecution(executionId, workerId, leaseMs);
  if (!exec) return; // finished, not yet due, or leased by a live worker
  const secrets = createSecretSet();
  const log = lazyLogger(() =>
    scrubbingLogger(deps.logger.child({ executionId, workflowId: exec.workflowId }), secrets),
  );
  // Renewal failing means the lease expired and another worker took it (this one stalled):
  // stop at once, the same way as shutting down, and write nothing more.
  const leaseLost = new AbortController();
  const renew = setInterval(
    () => {
      store
        .renewLease(executionId, workerId, leaseMs)
        .then((held) => {
          if (!held && !leaseLost.signal.aborted) leaseLost.abort(new LeaseLostError(executionId));
        })
        .catch((err) => log.warn({ err }, 'lease renewal failed'));
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  renew.unref();
  try {
    // An execution whose runs keep dying (a poison input, a version that no longer compiles,
    // a corrupt record) would otherwise be retried every lease period forever.
    if (exec.claims > MAX_INTERNAL_ABORTS) {
      await failRepeated(deps, exec);
      return;
    }
    const workflow = await deps.loadWorkflow(exec.workflowId, exec.workflowVersion, testRunSource(exec));
    if (!workflow) {
      await finishExecution(deps, exec, null, 'failed', null, {
        message: `workflow ${exec.workflowId} v${exec.workflowVersion} no longer exists`,
      });
      return;
    }
    if (!(await admitUnderLimit(deps, executionId, workflow))) return;
    await runGraph(deps, exec, workflow, log, leaseLost.signal, secrets);
  } catch (err) {
    if (err instanceof LeaseLostError) {
      log.warn('lease lost to another worker; this run stopped');
      return;
    }
    log.error({ err, claims: exec.claims }, 'execution aborted by an internal error');
    // The last allowed abort: fail now rather than wait one more lease period.
    if (exec.claims >= MAX_INTERNAL_ABORTS) await failRepeated(deps, exec).catch(() => {});
    // Otherwise (a store failure mid-run) leave the lease to expire so the sweep hands it on.
  } finally {
    clearInterval(renew);
  }
}

async function failRepeated(deps: EngineDeps, exec: ExecutionRow): Promise<void> {
  await finishExecution(deps, exec, null, 'failed', null, {
    message: `execution aborted by an internal error ${MAX_INTERNAL_ABORTS} times in a row; see the server log`,
    code: 'internal_error_repeated',
  });
}

async function runGraph(
  deps: EngineDeps,
  exec: ClaimedExecution,
  workflow: CompiledWorkflow,
  log: Logger,
  leaseLost: AbortSignal,
  secrets: SecretSet,
): Promise<void> {
  const limit = workflow.document.settings?.timeout;
  const deadline = limit === undefined ? null : (exec.startedAt ?? Date.now()) + parseDuration(limit, 0);
  const env: RunEnv = {
    deps,
    exec,
    workflow,
    log,
    scopes: new Map(),
    afterSuspend: [],
    polled: new Set(),
    leaseLost,
    deadline,
    secrets,
    unsaved: [],
  };
  // Read the checkpoints unless the claim saw there are none (never by timestamps: a
  // suspended execution can be claimed again within the same millisecond).
  for (const r of exec.noStepRecords ? [] : await deps.store.listStepRecords(exec.id)) {
    scopeRecords(env, r.key.slice(0, r.key.length - r.stepId.length)).set(r.stepId, r);
  }
  const records = scopeRecords(env, '');
  const ctx: ExpressionContext = {
    trigger: exec.trigger,
    steps: {},
    execution: { id: exec.id, workflowId: exec.workflowId },
  };
  for (const r of records.values()) exposeOutput(ctx, r);

  let outcome: Awaited<ReturnType<typeof runScope>>;
  try {
    outcome = await runScope(env, { graph: workflow, prefix: '', ctx, records });
  } catch (err) {
    if (!(err instanceof ExecutionTimeoutError) || leaseLost.aborted) throw err;
    outcome = { kind: 'fatal', error: { message: err.message, code: err.code } };
  }
  if (leaseLost.aborted) throw leaseLost.reason;
  switch (outcome.kind) {
    case 'fatal':
      await finishExecution(deps, exec, workflow, 'failed', records, outcome.error, takeUnsaved(env));
      log.info({ stepId: outcome.error.stepId }, 'execution failed');
      return;
    case 'wait':
      await checkpoint(env);
      if (deps.stopping?.aborted) {
        // Shutting down: hand it back as `queued` for another worker or the next start. This
        // process no longer consumes, so the job cannot bounce straight back here.
        await deps.store.releaseExecution(exec.id, deps.workerId);
        await deps.queue.enqueue(exec.id).catch(() => {}); // a closed queue: the sweep recovers it
      } else {
        // Parked past its deadline, it is woken at the deadline to fail rather than at the due time.
        const runAt = deadline === null ? outcome.runAt : Math.min(outcome.runAt, deadline);
        await deps.store.suspendExecution(exec.id, deps.workerId, runAt);
        await enqueueCommitted(deps.queue, log, exec.id, runAt);
      }
      for (const hook of env.afterSuspend) {
        await hook().catch((err) => log.warn({ err }, 'after-suspend hook failed; the recovery sweep covers it'));
      }
      return;
    case 'done':
      await finishExecution(deps, exec, workflow, 'succeeded', records, null, takeUnsaved(env));
      return;
  }
}

// The state one run of an execution carries through its scopes (run-scope.ts) and loops
// (run-loop.ts), and the record-keeping both share. Lower than both, so neither imports the other.
import type { Logger } from 'pino';
import type { NodeServices } from '../nodes/define-node.ts';
import type { ErrorInfo, ExecutionRow, StepRecord } from '../store/store.ts';
import type { CompiledWorkflow, Graph } from './compiled.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { ExpressionContext } from './expressions.ts';
import { hasErrorEdge, plan } from './plan.ts';
import { lazyLogger, type SecretSet } from './secret-set.ts';
import { exposeOutput } from './step-records.ts';

export type RunEnv = {
  deps: EngineDeps;
  exec: ExecutionRow;
  workflow: CompiledWorkflow;
  log: Logger;
  /** Records by scope prefix ('' for the main graph, 'loop[3].' for an iteration), then step id. */
  scopes: Map<string, Map<string, StepRecord>>;
  /** Run once the execution is parked (a called workflow is enqueued only then). */
  afterSuspend: (() => Promise<void>)[];
  /** Wakeable steps already polled in this run: polled once per run, not in a loop. */
  polled: Set<string>;
  /** Aborted when this worker lost the execution's lease: stop, write nothing more. */
  leaseLost: AbortSignal;
  /** When the execution's time is up (settings.timeout from its start), if it has a limit. */
  deadline: number | null;
  /** Every secret this run's steps used: scrubbed from every record and log line. */
  secrets: SecretSet;
  /**
   * Records kept in memory (in their scope too) until the next durable write takes them:
   * a checkpoint, the suspension or the finish. `settleRecord` decides which may wait.
   */
  unsaved: StepRecord[];
};

/** This worker no longer holds the execution's lease: another owner carries on, this run stops. */
export class LeaseLostError extends Error {
  constructor(executionId: string) {
    super(`lease of execution ${executionId} was lost`);
    this.name = 'LeaseLostError';
  }
}

/** The execution ran past settings.timeout: it fails with code execution_timeout. */
export class ExecutionTimeoutError extends Error {
  readonly code = 'execution_timeout';
  constructor(timeout: string) {
    super(`the execution ran longer than its time limit (settings.timeout ${timeout})`);
    this.name = 'ExecutionTimeoutError';
  }
}

export type Scope = { graph: Graph; prefix: string; ctx: ExpressionContext; records: Map<string, StepRecord> };

export type ScopeOutcome =
  | { kind: 'done' }
  | { kind: 'wait'; runAt: number; wakeable: boolean }
  | { kind: 'fatal'; error: ErrorInfo };

export function scopeRecords(env: RunEnv, prefix: string): Map<string, StepRecord> {
  let m = env.scopes.get(prefix);
  if (!m) {
    m = new Map();
    env.scopes.set(prefix, m);
  }
  return m;
}

/** Checkpoints `rec` now, with any records waiting in `env.unsaved`, in one write. */
export async function saveRecord(env: RunEnv, scope: Scope, rec: StepRecord): Promise<void> {
  scope.records.set(rec.stepId, rec);
  env.unsaved.push(rec);
  await checkpoint(env);
}

/**
 * Records a settled step, writing it now only where the engine must. A side-effect-free
 * step's record waits for the next durable write: running the step again after a crash
 * changes nothing outside. Any other step's record is written before anything else runs,
 * so a crash never repeats a finished side effect, unless nothing is left to run in the
 * execution (no step in flight, none ready, `fatal` or not): then the finish carries it, in
 * the same write the finish makes anyway. One write per execution instead of one per step.
 */
export async function settleRecord(
  env: RunEnv,
  scope: Scope,
  rec: StepRecord,
  pure: boolean,
  fatal = false,
): Promise<void> {
  scope.records.set(rec.stepId, rec);
  env.unsaved.push(rec);
  if (pure || endsExecution(scope, fatal)) return;
  await checkpoint(env);
}

/** In the main scope, with `scope.records` as they are: no step is in flight or left to start. */
function endsExecution(scope: Scope, fatal: boolean): boolean {
  // Loop bodies never end the execution by themselves.
  if (scope.prefix !== '') return false;
  // A step in flight has no record yet, so it shows as ready: nothing ready means none runs.
  const next = plan(scope.graph, scope.records);
  return next.ready.length === 0 && (fatal || next.skip.length === 0);
}

/** Writes the records held back. The store refuses them once another worker holds the lease. */
export async function checkpoint(env: RunEnv): Promise<void> {
  if (env.unsaved.length === 0) return;
  const records = takeUnsaved(env);
  if (!(await env.deps.store.saveStepRecords(records, env.deps.workerId))) throw new LeaseLostError(env.exec.id);
}

/** Hands what is unsaved to the finish, which writes it with the outcome. */
export function takeUnsaved(env: RunEnv): StepRecord[] {
  const records = env.unsaved;
  env.unsaved = [];
  return records;
}

/** What a step can reach, with every secret it resolves or derives registered for scrubbing. */
export function stepServices(env: RunEnv, key: string): NodeServices {
  const base = env.deps.services;
  return {
    ...base,
    // Node log lines carry the execution's ids and are scrubbed (env.log is the execution's logger).
    logger: lazyLogger(() => env.log.child({ stepId: key })),
    credential: async (name) => {
      const value = await base.credential(name);
      for (const s of value.secrets) env.secrets.add(s);
      return value;
    },
    secret: (value) => env.secrets.add(value),
  };
}

/** Records a final failure: handled by an `error` edge, or fatal for the scope. */
export async function failStep(env: RunEnv, scope: Scope, rec: StepRecord): Promise<ScopeOutcome> {
  rec.status = 'failed';
  rec.output = null;
  rec.finishedAt = Date.now();
  const handled = hasErrorEdge(env.workflow, rec.stepId);
  await settleRecord(env, scope, rec, false, !handled);
  exposeOutput(scope.ctx, rec);
  if (handled) return { kind: 'done' };
  return { kind: 'fatal', error: { ...(rec.error ?? { message: 'failed' }), stepId: rec.stepId } };
}

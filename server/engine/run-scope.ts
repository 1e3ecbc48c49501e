import { TRIGGER_ID } from '../workflow/types.ts';
import type { CompiledStep } from './compiled.ts';
import { edgeState, hasErrorEdge, plan } from './plan.ts';
import { nextRetryDelay } from './retry-policy.ts';
import {
  ExecutionTimeoutError,
  failStep,
  type RunEnv,
  type Scope,
  type ScopeOutcome,
  saveRecord,
  settleRecord,
  stepServices,
} from './run-env.ts';
import { runLoop } from './run-loop.ts';
import { runStepAttempt } from './run-step.ts';
import { exposeOutput, newRecord, waitOf } from './step-records.ts';

export async function runScope(env: RunEnv, scope: Scope): Promise<ScopeOutcome> {
  // A run that recorded a fatal step failure but died before committing it: fail the same way
  // again (skipping past the failure would turn it into a success).
  for (const rec of scope.records.values()) {
    if (rec.status === 'failed' && !hasErrorEdge(env.workflow, rec.stepId)) {
      return { kind: 'fatal', error: { ...(rec.error ?? { message: 'failed' }), stepId: rec.stepId } };
    }
  }
  for (;;) {
    if (env.leaseLost.aborted) throw env.leaseLost.reason;
    // Checked between steps: a step in flight at the deadline finishes (its own timeout bounds it).
    if (env.deadline !== null && Date.now() >= env.deadline) {
      throw new ExecutionTimeoutError(String(env.workflow.document.settings?.timeout));
    }
    // Shutting down: park between steps, due now; another worker or the next start resumes it.
    if (env.deps.stopping?.aborted) return { kind: 'wait', runAt: Date.now(), wakeable: false };
    const next = plan(scope.graph, scope.records);
    for (const id of next.skip) {
      const now = Date.now();
      const rec = newRecord(env.exec.id, scope.prefix + id, scope.graph.steps.get(id)!, 'skipped', 0, now);
      rec.finishedAt = now;
      await settleRecord(env, scope, rec, true);
    }
    const now = Date.now();
    const due: string[] = [];
    const waits: number[] = [];
    let wakeable = false;
    for (const id of next.ready) {
      const wait = waitOf(scope.records.get(id));
      const key = scope.prefix + id;
      const wokenEarly = wait?.kind === 'call' && !env.polled.has(key);
      if (wait && wait.resumeAt > now && !wokenEarly) {
        waits.push(wait.resumeAt);
        wakeable ||= wait.kind === 'call';
      } else due.push(id);
    }
    if (due.length === 0) {
      if (next.skip.length > 0) continue;
      return waits.length > 0 ? { kind: 'wait', runAt: Math.min(...waits), wakeable } : { kind: 'done' };
    }
    const results = await Promise.all(due.map((id) => runOne(env, scope, id)));
    const fatal = results.find((r) => r.kind === 'fatal');
    if (fatal) return fatal;
  }
}

/** Outputs of the steps whose edges into `step` fired; the entry edge carries the trigger or loop item. */
function firedInputs(step: CompiledStep, scope: Scope): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const e of step.incoming) {
    if (edgeState(e, scope.records) !== 'fired') continue;
    if (e.from === TRIGGER_ID) inputs[TRIGGER_ID] = scope.ctx.item !== undefined ? scope.ctx.item : scope.ctx.trigger;
    else inputs[e.from] = scope.ctx.steps[e.from];
  }
  return inputs;
}

async function runOne(env: RunEnv, scope: Scope, id: string): Promise<ScopeOutcome> {
  const { deps, exec } = env;
  const step = scope.graph.steps.get(id)!;
  const key = scope.prefix + id;
  const previous = scope.records.get(id);
  const parked = waitOf(previous);
  // A node that parked itself resumes the same attempt; a retry backoff starts the next.
  const resumed = parked !== null && parked.kind !== 'retry';
  const attempt = previous?.status === 'waiting' ? (resumed ? previous.attempt : previous.attempt + 1) : 1;
  const startedAt = resumed ? previous!.startedAt : Date.now();
  const rec = newRecord(exec.id, key, step, 'running', attempt, startedAt);
  if (step.spec.disabled) {
    Object.assign(rec, { status: 'succeeded', input: { disabled: true }, output: null, finishedAt: Date.now() });
    await settleRecord(env, scope, rec, true);
    exposeOutput(scope.ctx, rec);
    return { kind: 'done' };
  }
  if (parked?.kind === 'call') env.polled.add(key);
  if (step.node.kind === 'loop') return runLoop(env, scope, step, rec, resumed ? previous! : undefined, runScope);

  const outcome = await runStepAttempt(step, {
    executionId: exec.id,
    workflowId: exec.workflowId,
    key,
    attempt,
    services: stepServices(env, key),
    defaultTimeoutMs: deps.stepTimeoutMs,
    expressions: scope.ctx,
    resume: resumed ? parked?.state : undefined,
    inputs: firedInputs(step, scope),
    halt: env.leaseLost,
  });
  rec.input = env.secrets.scrub(outcome.input);
  rec.finishedAt = Date.now();
  if (outcome.ok && outcome.result.wait) {
    const w = outcome.result.wait;
    rec.status = 'waiting';
    rec.finishedAt = null;
    rec.wait = { kind: w.wakeable ? 'call' : 'park', resumeAt: w.until, state: w.state ?? null };
    if (w.afterSuspend) env.afterSuspend.push(w.afterSuspend);
    await saveRecord(env, scope, rec);
    return { kind: 'done' };
  }
  if (outcome.ok) {
    rec.status = 'succeeded';
    rec.output = env.secrets.scrub(outcome.result.output ?? null);
    rec.branches = outcome.result.branches ?? null;
    await settleRecord(env, scope, rec, step.node.pure === true);
    exposeOutput(scope.ctx, rec);
    return { kind: 'done' };
  }
  rec.error = env.secrets.scrub(outcome.info);
  const delay = nextRetryDelay(step.spec.retry ?? step.node.defaultRetry, attempt, outcome.error);
  if (delay !== null) {
    rec.status = 'waiting';
    rec.wait = { kind: 'retry', resumeAt: Date.now() + delay, state: null };
    await saveRecord(env, scope, rec);
    return { kind: 'done' };
  }
  return failStep(env, scope, rec);
}

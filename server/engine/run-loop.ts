// forEach: the loop step evaluates its items once (kept in its record, so a resumed
// execution iterates the same list), then runs its body once per item with at most
// `concurrency` iterations in flight. An iteration that parks (delay, retry backoff) keeps
// its slot; when every slot is parked or done, the loop parks the execution until the
// earliest one is due. Results are the iterations' results in item order.
import type { ErrorInfo, StepRecord } from '../store/store.ts';
import type { CompiledStep } from './compiled.ts';
import {
  failStep,
  type RunEnv,
  type Scope,
  type ScopeOutcome,
  saveRecord,
  scopeRecords,
  stepServices,
} from './run-env.ts';
import { runStepAttempt } from './run-step.ts';
import { exposeOutput, lastOutput } from './step-records.ts';

type LoopInput = { items: unknown[]; concurrency: number };

function isLoopInput(v: unknown): v is LoopInput {
  const o = v as Partial<LoopInput> | null;
  return typeof o === 'object' && o !== null && Array.isArray(o.items) && typeof o.concurrency === 'number';
}

export async function runLoop(
  env: RunEnv,
  scope: Scope,
  step: CompiledStep,
  rec: StepRecord,
  parked: StepRecord | undefined,
  /** Runs one iteration's body: run-scope.ts passes itself (a loop body is a scope). */
  runScope: (env: RunEnv, scope: Scope) => Promise<ScopeOutcome>,
): Promise<ScopeOutcome> {
  // A stored input that is not a usable item list (a record written before loop inputs were
  // exempt from truncation) is evaluated again rather than crashing every resume.
  let input = isLoopInput(parked?.input) ? parked.input : undefined;
  if (!input) {
    const outcome = await runStepAttempt(step, {
      executionId: env.exec.id,
      workflowId: env.exec.workflowId,
      key: rec.key,
      attempt: 1,
      services: stepServices(env, rec.key),
      defaultTimeoutMs: env.deps.stepTimeoutMs,
      expressions: scope.ctx,
      inputs: {},
    });
    if (!outcome.ok) {
      rec.input = env.secrets.scrub(outcome.input);
      rec.error = env.secrets.scrub(outcome.info);
      return failStep(env, scope, rec);
    }
    input = outcome.result.output as LoopInput;
  }
  rec.input = input;
  const body = env.workflow.bodies.get(step.spec.id)!;
  const { items, concurrency } = input;
  const prefixOf = (i: number) => `${scope.prefix}${step.spec.id}[${i}].`;

  const waits: number[] = [];
  let wakeable = false;
  type Failure = { index: number; error: ErrorInfo };
  const failures: Failure[] = [];
  let next = 0;
  const worker = async () => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      const records = scopeRecords(env, prefixOf(index));
      const ctx = { ...scope.ctx, steps: { ...scope.ctx.steps }, item: items[index], index };
      for (const r of records.values()) exposeOutput(ctx, r);
      const outcome = await runScope(env, { graph: body, prefix: prefixOf(index), ctx, records });
      if (outcome.kind === 'fatal') {
        failures.push({ index, error: outcome.error });
        return;
      }
      if (outcome.kind === 'wait') {
        // This iteration keeps its slot until the execution resumes.
        waits.push(outcome.runAt);
        wakeable ||= outcome.wakeable;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(items.length, 1)) }, worker));

  if (failures.length > 0) {
    const { index, error } = failures.reduce((a, b) => (b.index < a.index ? b : a));
    rec.error = {
      message: `iteration ${index} failed at step "${error.stepId}": ${error.message}`,
      code: error.code ?? 'iteration_failed',
    };
    return failStep(env, scope, rec);
  }
  if (waits.length > 0) {
    rec.status = 'waiting';
    rec.wait = { kind: wakeable ? 'call' : 'park', resumeAt: Math.min(...waits), state: null };
    await saveRecord(env, scope, rec);
    return { kind: 'done' };
  }
  rec.status = 'succeeded';
  rec.output = items.map((_, i) => lastOutput(body, scopeRecords(env, prefixOf(i))));
  rec.branches = ['done'];
  rec.finishedAt = Date.now();
  await saveRecord(env, scope, rec);
  exposeOutput(scope.ctx, rec);
  return { kind: 'done' };
}

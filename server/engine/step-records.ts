// Building and exposing step records (scrubbing them is secret-set.ts).
import type { StepWait } from '../domain/execution.ts';
import type { StepRecord } from '../store/store.ts';
import type { CompiledStep, Graph } from './compiled.ts';
import type { ExpressionContext } from './expressions.ts';

export function newRecord(
  executionId: string,
  key: string,
  step: CompiledStep,
  status: StepRecord['status'],
  attempt: number,
  now: number,
): StepRecord {
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
    wait: null,
    startedAt: now,
    finishedAt: null,
  };
}

/** A waiting record's wait (see StepWait): when it is due, and why. */
export function waitOf(rec: StepRecord | undefined): StepWait | null {
  return rec?.status === 'waiting' ? rec.wait : null;
}

/** Later steps see a finished step's output as `steps.<id>`; a handled failure as `steps.<id>.error`. */
export function exposeOutput(ctx: ExpressionContext, rec: StepRecord): void {
  if (rec.status === 'succeeded') ctx.steps[rec.stepId] = rec.output;
  else if (rec.status === 'failed') ctx.steps[rec.stepId] = { error: rec.error };
}

/** The output of the last step to succeed, in graph order: an execution's or an iteration's result. */
export function lastOutput(graph: Graph, records: Map<string, StepRecord>): unknown {
  let result: unknown = null;
  for (const id of graph.order) {
    const r = records.get(id);
    if (r?.status === 'succeeded') result = r.output;
  }
  return result;
}

// Decides what runs next from the graph and the checkpointed step records alone, so a
// resumed execution (after a crash, a delay, a retry backoff) continues exactly where the
// last one stopped. Dead-path elimination: a step runs when all its incoming edges are
// resolved and at least one fired; when none fired it is skipped, and so on downstream.
import type { StepRecord } from '../store/store.ts';
import type { EdgeSpec } from '../workflow/types.ts';
import { TRIGGER_ID } from '../workflow/types.ts';
import type { CompiledWorkflow, Graph } from './compiled.ts';

export type Plan = { ready: string[]; skip: string[] };

type EdgeState = 'fired' | 'dead' | 'pending';

export function edgeState(edge: EdgeSpec, records: Map<string, StepRecord>): EdgeState {
  if (edge.from === TRIGGER_ID) return 'fired';
  const rec = records.get(edge.from);
  if (!rec) return 'pending';
  switch (rec.status) {
    case 'succeeded':
      if (edge.branch === 'error') return 'dead';
      if (rec.branches === null) return edge.branch === undefined || edge.branch === 'main' ? 'fired' : 'dead';
      return edge.branch !== undefined && rec.branches.includes(edge.branch) ? 'fired' : 'dead';
    case 'failed':
      return edge.branch === 'error' ? 'fired' : 'dead';
    case 'skipped':
      return 'dead';
    case 'running':
    case 'waiting':
      return 'pending';
  }
}

export function isFinished(rec: StepRecord | undefined): boolean {
  return rec !== undefined && (rec.status === 'succeeded' || rec.status === 'failed' || rec.status === 'skipped');
}

export function plan(workflow: Graph, records: Map<string, StepRecord>): Plan {
  const ready: string[] = [];
  const skip: string[] = [];
  for (const id of workflow.order) {
    const step = workflow.steps.get(id);
    if (!step || step.incoming.length === 0 || isFinished(records.get(id))) continue;
    const states = step.incoming.map((e) => edgeState(e, records));
    if (states.includes('pending')) continue;
    if (states.includes('fired')) ready.push(id);
    else skip.push(id);
  }
  return { ready, skip };
}

/** A failed step whose failure no `error` edge handles fails the whole execution. */
export function hasErrorEdge(workflow: CompiledWorkflow, stepId: string): boolean {
  return workflow.steps.get(stepId)?.outgoing.some((e) => e.branch === 'error') ?? false;
}

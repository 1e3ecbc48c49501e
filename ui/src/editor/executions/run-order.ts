// Step records are stored with millisecond start times, and fast steps share a millisecond;
// the store then lists them by key (alphabetically). The graph says which ran first: a step
// starts only after the steps that lead to it, so ties are broken by position in the flow.
import type { EdgeSpec } from '../../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../../server/workflow/types.ts';
import type { StepRunSummary } from './execution-overlay.ts';

/** Depth of each step from the trigger (longest path), following the workflow's edges. */
function depths(edges: EdgeSpec[]): Map<string, number> {
  const depth = new Map<string, number>([[TRIGGER_ID, 0]]);
  // Longest-path relaxation, bounded by the number of edges (cycles are refused on save anyway).
  for (let round = 0; round <= edges.length; round++) {
    let changed = false;
    for (const edge of edges) {
      const from = depth.get(edge.from);
      if (from === undefined) continue;
      if ((depth.get(edge.to) ?? -1) < from + 1) {
        depth.set(edge.to, from + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

/** Step ids in the order they ran: first start time, then depth in the graph, then as listed. */
export function stepsInRunOrder(summaries: Map<string, StepRunSummary>, edges: EdgeSpec[]): string[] {
  const depth = depths(edges);
  const started = (summary: StepRunSummary) =>
    Math.min(...summary.records.map((record) => Date.parse(record.startedAt)).filter(Number.isFinite));
  const entries = [...summaries.entries()].map(([stepId, summary], index) => ({
    stepId,
    index,
    start: started(summary),
    depth: depth.get(stepId) ?? Number.MAX_SAFE_INTEGER,
  }));
  entries.sort((a, b) => a.start - b.start || a.depth - b.depth || a.index - b.index);
  return entries.map((entry) => entry.stepId);
}

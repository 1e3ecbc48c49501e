import type { EdgeSpec, StepSpec, WorkflowDocument } from '../../../server/workflow/types.ts';
import { edgeKey } from './outputs.ts';

// What changed between two versions of a workflow, the way a reviewer reads it: steps added,
// removed and changed (down to the parameter), edges, trigger, settings, and the editor-only
// parts summarised.

export type ValueChange = { path: string; before: unknown; after: unknown };
export type StepChange = { id: string; type: string; changes: ValueChange[] };

export type WorkflowDiff = {
  workflow: ValueChange[];
  trigger: ValueChange[];
  settings: ValueChange[];
  addedSteps: StepSpec[];
  removedSteps: StepSpec[];
  changedSteps: StepChange[];
  addedEdges: EdgeSpec[];
  removedEdges: EdgeSpec[];
  /** Positions and sticky notes only: counted, not listed, as they never change behaviour. */
  movedNodes: number;
  notesChanged: boolean;
};

export function diffWorkflows(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const oldSteps = new Map(before.steps.map((step) => [step.id, step]));
  const newSteps = new Map(after.steps.map((step) => [step.id, step]));
  const changedSteps: StepChange[] = [];
  for (const [id, step] of newSteps) {
    const previous = oldSteps.get(id);
    if (!previous) continue;
    const changes = diffValues(previous, step, '');
    if (changes.length > 0) changedSteps.push({ id, type: step.type, changes });
  }
  const oldEdges = new Map(before.edges.map((edge) => [edgeKey(edge), edge]));
  const newEdges = new Map(after.edges.map((edge) => [edgeKey(edge), edge]));
  const oldLayout = before.layout ?? {};
  const newLayout = after.layout ?? {};
  return {
    workflow: diffValues(
      { name: before.name, description: before.description, tags: before.tags },
      { name: after.name, description: after.description, tags: after.tags },
      '',
    ),
    trigger: diffValues(before.trigger, after.trigger, ''),
    settings: diffValues(before.settings ?? {}, after.settings ?? {}, ''),
    addedSteps: after.steps.filter((step) => !oldSteps.has(step.id)),
    removedSteps: before.steps.filter((step) => !newSteps.has(step.id)),
    changedSteps,
    addedEdges: [...newEdges].filter(([key]) => !oldEdges.has(key)).map(([, edge]) => edge),
    removedEdges: [...oldEdges].filter(([key]) => !newEdges.has(key)).map(([, edge]) => edge),
    movedNodes: Object.keys(newLayout).filter(
      (id) => oldLayout[id] && (oldLayout[id].x !== newLayout[id].x || oldLayout[id].y !== newLayout[id].y),
    ).length,
    notesChanged: JSON.stringify(before.notes ?? []) !== JSON.stringify(after.notes ?? []),
  };
}

export function isEmptyDiff(diff: WorkflowDiff): boolean {
  return (
    diff.workflow.length + diff.trigger.length + diff.settings.length === 0 &&
    diff.addedSteps.length + diff.removedSteps.length + diff.changedSteps.length === 0 &&
    diff.addedEdges.length + diff.removedEdges.length === 0 &&
    diff.movedNodes === 0 &&
    !diff.notesChanged
  );
}

/**
 * Differences between two JSON values as dotted paths (`params.headers.Authorization`). Objects
 * are compared key by key; anything else (arrays included) as a whole value.
 */
export function diffValues(before: unknown, after: unknown, path: string): ValueChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffValues(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(value)', before, after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

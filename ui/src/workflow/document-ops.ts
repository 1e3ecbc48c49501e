import type { EdgeSpec, StepSpec, TriggerSpec, WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { noteIdOf, removeNotes, updateNote } from './notes.ts';
import { edgeKey } from './outputs.ts';
import { uniqueStepId } from './step-ids.ts';

// Pure edits of a workflow document. Each returns a new document and leaves the input alone,
// which is what makes undo/redo a matter of keeping old documents.

export type Position = { x: number; y: number };

export function addStep(
  doc: WorkflowDocument,
  type: string,
  position: Position,
  params: Record<string, unknown> = {},
  id = uniqueStepId(
    type,
    doc.steps.map((step) => step.id),
  ),
): { doc: WorkflowDocument; id: string } {
  const step: StepSpec = { id, type, params };
  return {
    id,
    doc: { ...doc, steps: [...doc.steps, step], layout: { ...doc.layout, [id]: roundPosition(position) } },
  };
}

/** Removes steps (with their edges and positions), edges, and sticky notes (by canvas id). */
export function removeElements(doc: WorkflowDocument, stepIds: string[], edgeKeys: string[]): WorkflowDocument {
  const removedSteps = new Set(stepIds.filter((id) => id !== TRIGGER_ID && noteIdOf(id) === null));
  const removedEdges = new Set(edgeKeys);
  const layout = { ...doc.layout };
  for (const id of removedSteps) delete layout[id];
  return {
    ...removeNotes(doc, stepIds),
    steps: doc.steps.filter((step) => !removedSteps.has(step.id)),
    edges: doc.edges.filter(
      (edge) => !removedEdges.has(edgeKey(edge)) && !removedSteps.has(edge.from) && !removedSteps.has(edge.to),
    ),
    layout,
  };
}

export function connect(doc: WorkflowDocument, edge: EdgeSpec): WorkflowDocument {
  if (edge.from === edge.to || edge.to === TRIGGER_ID) return doc;
  const clean: EdgeSpec = edge.branch === undefined ? { from: edge.from, to: edge.to } : edge;
  if (doc.edges.some((existing) => edgeKey(existing) === edgeKey(clean))) return doc;
  return { ...doc, edges: [...doc.edges, clean] };
}

/** Moves steps and sticky notes (by canvas id) together, as one selection is dragged. */
export function moveNodes(doc: WorkflowDocument, positions: Record<string, Position>): WorkflowDocument {
  const layout = { ...doc.layout };
  let next = doc;
  for (const [id, position] of Object.entries(positions)) {
    const noteId = noteIdOf(id);
    if (noteId === null) layout[id] = roundPosition(position);
    else next = updateNote(next, noteId, position);
  }
  return { ...next, layout };
}

export function updateStep(doc: WorkflowDocument, id: string, patch: Partial<StepSpec>): WorkflowDocument {
  return {
    ...doc,
    steps: doc.steps.map((step) => (step.id === id ? dropUndefined({ ...step, ...patch }) : step)),
  };
}

export function setParam(doc: WorkflowDocument, id: string, name: string, value: unknown): WorkflowDocument {
  return {
    ...doc,
    steps: doc.steps.map((step) => {
      if (step.id !== id) return step;
      const params = { ...step.params };
      if (value === undefined) delete params[name];
      else params[name] = value;
      return { ...step, params };
    }),
  };
}

export function updateTrigger(doc: WorkflowDocument, patch: Partial<TriggerSpec>): WorkflowDocument {
  return { ...doc, trigger: dropUndefined({ ...doc.trigger, ...patch }) };
}

/**
 * Renames a step everywhere the editor can see it: edges, layout, and `steps.<id>` references
 * inside expressions, so that renaming does not silently break downstream steps.
 */
export function renameStep(doc: WorkflowDocument, from: string, to: string): WorkflowDocument {
  if (from === to) return doc;
  const reference = new RegExp(`(\\bsteps\\s*\\.\\s*)${escapeRegExp(from)}\\b`, 'g');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(reference, `$1${to}`);
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  const layout = { ...doc.layout };
  if (layout[from]) {
    layout[to] = layout[from];
    delete layout[from];
  }
  return {
    ...doc,
    steps: doc.steps.map((step) =>
      step.id === from
        ? { ...step, id: to, params: rewrite(step.params) as StepSpec['params'] }
        : { ...step, params: rewrite(step.params) as StepSpec['params'] },
    ),
    edges: doc.edges.map((edge) => ({
      ...edge,
      from: edge.from === from ? to : edge.from,
      to: edge.to === from ? to : edge.to,
    })),
    trigger: rewrite(doc.trigger) as TriggerSpec,
    layout,
  };
}

function roundPosition(position: Position): Position {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

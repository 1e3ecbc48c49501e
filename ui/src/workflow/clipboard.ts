import type { EdgeSpec, StepSpec, StickyNote, WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { NODE_HEIGHT, NODE_WIDTH } from './auto-layout.ts';
import { connect, type Position } from './document-ops.ts';
import { MAX_NOTES, NOTE_SIZE, noteFlowId, noteIdOf, parseClipboardNotes } from './notes.ts';
import { occupiedBoxes, placeGroup } from './paste-placement.ts';
import { stepIdProblem } from './step-ids.ts';

// Steps travel between workflows (and browser tabs, and chat messages) as plain workflow JSON on
// the system clipboard: the selected steps, the edges between them, their layout and any
// selected sticky notes. Any workflow file pasted whole works too; its trigger and edges from
// it are left behind.

export type StepsFragment = {
  steps: StepSpec[];
  edges: EdgeSpec[];
  layout: Record<string, Position>;
  notes: StickyNote[];
};

/** workflow.schema.json's bound on steps: a paste that would cross it is refused whole. */
export const MAX_STEPS = 500;
const MAX_CLIPBOARD_STEPS = MAX_STEPS;

// The step fields of workflow.schema.json, with the type each must have; the full check of
// their contents is the server's validation, shown on the pasted nodes like any other problem.
const STEP_FIELDS: Array<[string, (value: unknown) => boolean]> = [
  ['name', (value) => typeof value === 'string'],
  ['credential', (value) => typeof value === 'string'],
  ['timeout', (value) => typeof value === 'string'],
  ['disabled', (value) => typeof value === 'boolean'],
  ['retry', (value) => isObject(value)],
];
const KNOWN_STEP_KEYS = new Set(['id', 'type', 'params', ...STEP_FIELDS.map(([name]) => name)]);

export function copySelection(doc: WorkflowDocument, ids: Iterable<string>): StepsFragment {
  const chosen = new Set([...ids].filter((id) => id !== TRIGGER_ID));
  const steps = doc.steps.filter((step) => chosen.has(step.id));
  const kept = new Set(steps.map((step) => step.id));
  const layout: Record<string, Position> = {};
  for (const id of kept) {
    const position = doc.layout?.[id];
    if (position) layout[id] = position;
  }
  const noteIds = new Set([...chosen].map(noteIdOf));
  return {
    steps: structuredClone(steps),
    edges: doc.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to)).map((edge) => ({ ...edge })),
    layout,
    notes: (doc.notes ?? []).filter((note) => noteIds.has(note.id)).map((note) => ({ ...note })),
  };
}

/** "2 steps and 1 note", for toasts. */
export function describeFragment(fragment: StepsFragment): string {
  const count = (n: number, word: string) => (n > 0 ? `${n} ${word}${n === 1 ? '' : 's'}` : '');
  return [count(fragment.steps.length, 'step'), count(fragment.notes.length, 'note')].filter(Boolean).join(' and ');
}

/** The clipboard text: a workflow-shaped JSON object, readable and pasteable into a file. */
export function serializeFragment(fragment: StepsFragment): string {
  const { steps, edges, layout, notes } = fragment;
  return JSON.stringify(notes.length > 0 ? { steps, edges, layout, notes } : { steps, edges, layout }, null, 2);
}

/**
 * Reads clipboard text as steps. Throws an Error whose message says what is wrong in words;
 * `knownTypes` (the node catalogue) rejects steps this server could not run.
 */
export function parseFragment(text: string, knownTypes?: (type: string) => boolean): StepsFragment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The clipboard does not hold Hookflow steps (copy steps in an editor, or a workflow file).');
  }
  if (!isObject(value) || !Array.isArray(value.steps)) {
    throw new Error('The clipboard holds JSON, but not Hookflow steps: a "steps" list is missing.');
  }
  const notes = parseClipboardNotes(value.notes);
  if (value.steps.length === 0 && notes.length === 0)
    throw new Error('The clipboard holds no steps or notes to paste.');
  if (value.steps.length > MAX_CLIPBOARD_STEPS)
    throw new Error(
      `The clipboard holds ${value.steps.length} steps; a workflow holds at most ${MAX_CLIPBOARD_STEPS}.`,
    );
  const seen = new Set<string>();
  const steps = value.steps.map((raw, index): StepSpec => {
    if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.type !== 'string')
      throw new Error(`Step ${index + 1} on the clipboard needs a text "id" and "type".`);
    const idProblem = stepIdProblem(raw.id, seen);
    if (idProblem) throw new Error(`Step ${index + 1} on the clipboard: ${idProblem}`);
    seen.add(raw.id);
    if (raw.params !== undefined && !isObject(raw.params))
      throw new Error(`Step "${raw.id}" on the clipboard has "params" that are not an object.`);
    const wrongField = STEP_FIELDS.find(([name, ok]) => raw[name] !== undefined && !ok(raw[name]));
    if (wrongField) throw new Error(`Step "${raw.id}" on the clipboard has a malformed "${wrongField[0]}".`);
    const unknown = Object.keys(raw).find((key) => !KNOWN_STEP_KEYS.has(key));
    if (unknown) throw new Error(`Step "${raw.id}" on the clipboard has "${unknown}", which steps do not have.`);
    if (knownTypes && !knownTypes(raw.type))
      throw new Error(`Step "${raw.id}" is of type "${raw.type}", which this server does not know.`);
    return structuredClone(raw) as StepSpec;
  });
  const edges = (Array.isArray(value.edges) ? value.edges : []).filter(
    (edge): edge is EdgeSpec =>
      isObject(edge) &&
      typeof edge.from === 'string' &&
      typeof edge.to === 'string' &&
      seen.has(edge.from) &&
      seen.has(edge.to) &&
      (edge.branch === undefined || typeof edge.branch === 'string'),
  );
  const layout: Record<string, Position> = {};
  if (isObject(value.layout)) {
    for (const [id, position] of Object.entries(value.layout)) {
      if (seen.has(id) && isObject(position) && Number.isFinite(position.x) && Number.isFinite(position.y))
        layout[id] = { x: position.x as number, y: position.y as number };
    }
  }
  return { steps, edges: edges.map((edge) => ({ ...edge })), layout, notes };
}

/**
 * Adds the fragment to the document. Ids already taken get a number (`send` → `send2`), and the
 * pasted steps' own expressions and edges follow the renames; credentials stay referenced by
 * name; notes get fresh ids. Placement: see placeGroup (never on top of what is there). The
 * returned ids are canvas ids, ready to select.
 */
export function pasteFragment(
  doc: WorkflowDocument,
  fragment: StepsFragment,
  at?: Position,
): { doc: WorkflowDocument; ids: string[] } {
  const taken = new Set([TRIGGER_ID, ...doc.steps.map((step) => step.id)]);
  const renames = new Map<string, string>();
  for (const step of fragment.steps) {
    const id = freeId(step.id, taken);
    taken.add(id);
    renames.set(step.id, id);
  }
  const rewrite = referenceRewriter(renames);
  const steps = fragment.steps.map((step) => ({
    ...step,
    id: renames.get(step.id) as string,
    ...(step.params ? { params: rewrite(step.params) as StepSpec['params'] } : {}),
  }));

  const items = [
    ...fragment.steps.map((step) => ({ position: fragment.layout[step.id], width: NODE_WIDTH, height: NODE_HEIGHT })),
    ...fragment.notes.map((note) => ({
      position: { x: note.x, y: note.y },
      width: note.width ?? NOTE_SIZE.width,
      height: note.height ?? NOTE_SIZE.height,
    })),
  ];
  const positions = placeGroup(occupiedBoxes(doc), items, at);
  const layout = { ...doc.layout };
  steps.forEach((step, index) => {
    layout[step.id] = positions[index];
  });
  const takenNotes = new Set((doc.notes ?? []).map((note) => note.id));
  const notes = fragment.notes.map((note, index) => {
    let n = takenNotes.size + 1;
    while (takenNotes.has(`note-${n}`)) n++;
    takenNotes.add(`note-${n}`);
    return { ...note, id: `note-${n}`, ...positions[fragment.steps.length + index] };
  });

  let next: WorkflowDocument = { ...doc, steps: [...doc.steps, ...steps], layout };
  if (notes.length > 0) next = { ...next, notes: [...(doc.notes ?? []), ...notes] };
  for (const edge of fragment.edges) {
    next = connect(next, {
      ...edge,
      from: renames.get(edge.from) as string,
      to: renames.get(edge.to) as string,
    });
  }
  return { doc: next, ids: [...steps.map((step) => step.id), ...notes.map((note) => noteFlowId(note.id))] };
}

/** Why the fragment cannot go into this document, in words; null when it can. */
export function pasteProblem(doc: WorkflowDocument, fragment: StepsFragment): string | null {
  const total = doc.steps.length + fragment.steps.length;
  if (total > MAX_STEPS)
    return `Pasting ${describeFragment({ ...fragment, notes: [] })} would make ${total}; a workflow holds at most ${MAX_STEPS}.`;
  const notes = (doc.notes ?? []).length + fragment.notes.length;
  if (notes > MAX_NOTES)
    return `Pasting ${describeFragment({ ...fragment, steps: [] })} would make ${notes}; a workflow holds at most ${MAX_NOTES}.`;
  return null;
}

/** Copy and paste in one go, without the clipboard (Ctrl+D). */
export function duplicateSelection(doc: WorkflowDocument, ids: Iterable<string>) {
  return pasteFragment(doc, copySelection(doc, ids));
}

function freeId(id: string, taken: Set<string>): string {
  if (!taken.has(id)) return id;
  const base = id.replace(/\d+$/, '') || 'step';
  for (let n = 2; ; n++) {
    const candidate = `${base}${n}`;
    if (!taken.has(candidate) && candidate.length <= 64) return candidate;
  }
}

/** Rewrites `steps.<old>` to `steps.<new>` for every rename at once, so chains (a→a2, a2→a3) stay right. */
function referenceRewriter(renames: Map<string, string>): (value: unknown) => unknown {
  const changed = [...renames].filter(([from, to]) => from !== to).map(([from]) => from);
  if (changed.length === 0) return (value) => value;
  const names = changed.sort((a, b) => b.length - a.length).join('|');
  const pattern = new RegExp(`(\\bsteps\\s*\\.\\s*)(${names})\\b`, 'g');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(pattern, (_m, prefix, name) => prefix + renames.get(name));
    if (Array.isArray(value)) return value.map(rewrite);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    return value;
  };
  return rewrite;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

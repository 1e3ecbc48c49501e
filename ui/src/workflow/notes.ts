import type { StickyNote, WorkflowDocument } from '../../../server/workflow/types.ts';

// Sticky notes share the canvas with steps, so on the canvas their ids carry a prefix that no
// step id can have (step ids are identifiers); in the document they are plain.

export const NOTE_PREFIX = 'note:';
export const NOTE_SIZE = { width: 220, height: 140 };
/** Bounds of workflow.schema.json's `notes`. */
export const MAX_NOTES = 200;
const MAX_NOTE_TEXT = 5000;

export const noteFlowId = (id: string) => `${NOTE_PREFIX}${id}`;
export const noteIdOf = (flowId: string) => (flowId.startsWith(NOTE_PREFIX) ? flowId.slice(NOTE_PREFIX.length) : null);

export function addNote(
  doc: WorkflowDocument,
  at: { x: number; y: number },
  text = '',
): { doc: WorkflowDocument; id: string } {
  const taken = new Set((doc.notes ?? []).map((note) => note.id));
  let n = taken.size + 1;
  while (taken.has(`note-${n}`)) n++;
  const id = `note-${n}`;
  const note: StickyNote = { id, text, x: Math.round(at.x), y: Math.round(at.y), ...NOTE_SIZE };
  return { id, doc: { ...doc, notes: [...(doc.notes ?? []), note] } };
}

export function updateNote(
  doc: WorkflowDocument,
  id: string,
  patch: Partial<Omit<StickyNote, 'id'>>,
): WorkflowDocument {
  if (!doc.notes?.some((note) => note.id === id)) return doc;
  const rounded = Object.fromEntries(
    Object.entries(patch).map(([key, value]) => [key, typeof value === 'number' ? Math.round(value) : value]),
  );
  return { ...doc, notes: doc.notes.map((note) => (note.id === id ? { ...note, ...rounded } : note)) };
}

/** Drops the notes among `flowIds`; an emptied list disappears, so files without notes stay as they were. */
export function removeNotes(doc: WorkflowDocument, flowIds: Iterable<string>): WorkflowDocument {
  const removed = new Set([...flowIds].map(noteIdOf).filter((id) => id !== null));
  if (removed.size === 0 || !doc.notes) return doc;
  const notes = doc.notes.filter((note) => !removed.has(note.id));
  if (notes.length === doc.notes.length) return doc;
  const { notes: _old, ...rest } = doc;
  return notes.length > 0 ? { ...rest, notes } : rest;
}

/** Notes from clipboard JSON; throws with a message in words when one is malformed. */
export function parseClipboardNotes(value: unknown): StickyNote[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('The clipboard\'s "notes" is not a list.');
  if (value.length > MAX_NOTES)
    throw new Error(`The clipboard holds ${value.length} notes; a workflow holds at most ${MAX_NOTES}.`);
  return value.map((raw, index): StickyNote => {
    const at = `Note ${index + 1} on the clipboard`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at} is not an object.`);
    const { text, x, y, width, height } = raw as Record<string, unknown>;
    if (typeof text !== 'string' || text.length > MAX_NOTE_TEXT)
      throw new Error(`${at} needs a "text" of at most ${MAX_NOTE_TEXT} characters.`);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`${at} needs numbers "x" and "y".`);
    const size = (side: unknown, min: number, fallback: number) =>
      Number.isFinite(side) ? Math.min(2000, Math.max(min, Math.round(side as number))) : fallback;
    return {
      id: `clip-${index + 1}`,
      text,
      x: x as number,
      y: y as number,
      width: size(width, 80, NOTE_SIZE.width),
      height: size(height, 60, NOTE_SIZE.height),
    };
  });
}

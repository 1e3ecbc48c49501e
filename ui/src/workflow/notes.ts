import type { StickyNote, WorkflowDocument } from '../../../server/workflow/types.ts';

// Sticky notes share the canvas with steps, so on the canvas their ids carry a prefix that no
// step id can have (step ids are identifiers); in the document they are plain.

export const NOTE_PREFIX = 'note:';
export const NOTE_SIZE = { width: 220, height: 140 };

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

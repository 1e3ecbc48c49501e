// Sticky notes as document edits: added, typed into, moved and resized with steps, deleted with
// a selection, drawn behind the steps; and never mistaken for steps.
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { toFlowNodes } from '../../../ui/src/editor/canvas/to-flow.ts';
import { newWorkflowDocument, serializeWorkflowFile } from '../../../ui/src/workflow/document-io.ts';
import { addStep, moveNodes, removeElements } from '../../../ui/src/workflow/document-ops.ts';
import { addNote, noteFlowId, updateNote } from '../../../ui/src/workflow/notes.ts';

const withNote = (): WorkflowDocument => {
  const doc = addStep(newWorkflowDocument('Notes', 'notes'), 'transform', { x: 240, y: 0 }, {}, 'shape').doc;
  return addNote(doc, { x: 10.4, y: -150.6 }, 'Why this exists').doc;
};

describe('sticky notes', () => {
  it('are added with a free id and the default size, at a rounded position', () => {
    const doc = withNote();
    expect(doc.notes).toEqual([{ id: 'note-1', text: 'Why this exists', x: 10, y: -151, width: 220, height: 140 }]);
    expect(addNote(doc, { x: 0, y: 0 }).id).toBe('note-2');
    expect(doc.layout?.['note-1']).toBeUndefined();
  });

  it('move together with steps in one drag and keep their size when resized', () => {
    let doc = moveNodes(withNote(), { [noteFlowId('note-1')]: { x: 50, y: 60 }, shape: { x: 300, y: 40 } });
    expect(doc.notes?.[0]).toMatchObject({ x: 50, y: 60 });
    expect(doc.layout?.shape).toEqual({ x: 300, y: 40 });
    doc = updateNote(doc, 'note-1', { width: 333.3, height: 99 });
    expect(doc.notes?.[0]).toMatchObject({ width: 333, height: 99, text: 'Why this exists' });
    expect(updateNote(doc, 'missing', { text: 'x' })).toBe(doc);
  });

  it('are deleted with a selection, and the last one takes the list with it', () => {
    const doc = removeElements(withNote(), [noteFlowId('note-1'), 'shape', 'trigger'], []);
    expect(doc.steps).toEqual([]);
    expect('notes' in doc).toBe(false);
    expect(removeElements(withNote(), ['shape'], []).notes?.length).toBe(1);
  });

  it('are drawn behind steps under an id no step can have, and saved after the layout', () => {
    const nodes = toFlowNodes({
      doc: withNote(),
      catalog: new Map(),
      problems: [],
      selected: new Set([noteFlowId('note-1')]),
      measured: new Map(),
      runs: null,
      executionStatus: null,
    });
    expect(nodes.map((node) => node.id)).toEqual(['note:note-1', 'trigger', 'shape']);
    expect(nodes[0]).toMatchObject({ type: 'note', zIndex: -1, width: 220, height: 140, selected: true });
    const keys = Object.keys(JSON.parse(serializeWorkflowFile(withNote())));
    expect(keys.slice(-2)).toEqual(['layout', 'notes']);
  });
});

// Canvas edits as pure document changes, and undo/redo over them.
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { historyReducer, initialHistory } from '../../../ui/src/editor/document-history.ts';
import { newWorkflowDocument } from '../../../ui/src/workflow/document-io.ts';
import { addStep, connect, moveNodes, removeElements, renameStep } from '../../../ui/src/workflow/document-ops.ts';
import { uniqueStepId } from '../../../ui/src/workflow/step-ids.ts';

const base = (): WorkflowDocument => {
  let doc = newWorkflowDocument('Orders', 'orders');
  doc = addStep(doc, 'transform', { x: 200, y: 0 }, { expression: '{ "a": 1 }' }).doc;
  doc = addStep(doc, 'http.request', { x: 400, y: 0 }, { body: '=steps.transform.a', url: 'https://x.test' }).doc;
  doc = connect(doc, { from: 'trigger', to: 'transform' });
  return connect(doc, { from: 'transform', to: 'httpRequest' });
};

describe('editing the document', () => {
  it('names new steps after their type, as identifiers expressions can use', () => {
    expect(uniqueStepId('http.request', [])).toBe('httpRequest');
    expect(uniqueStepId('transform', ['transform', 'transform2'])).toBe('transform3');
    expect(uniqueStepId('item', [])).toBe('item2');
  });

  it('ignores duplicate connections, self-loops and edges into the trigger', () => {
    const doc = base();
    expect(connect(doc, { from: 'trigger', to: 'transform' })).toBe(doc);
    expect(connect(doc, { from: 'transform', to: 'transform' })).toBe(doc);
    expect(connect(doc, { from: 'transform', to: 'trigger' })).toBe(doc);
  });

  it('removes a step together with its edges and position, but never the trigger', () => {
    const doc = removeElements(base(), ['transform', 'trigger'], []);
    expect(doc.steps.map((step) => step.id)).toEqual(['httpRequest']);
    expect(doc.edges).toEqual([]);
    expect(Object.keys(doc.layout ?? {})).toEqual(['trigger', 'httpRequest']);
  });

  it('renames a step in edges, layout and the expressions that read it', () => {
    const doc = renameStep(base(), 'transform', 'shape');
    expect(doc.edges).toEqual([
      { from: 'trigger', to: 'shape' },
      { from: 'shape', to: 'httpRequest' },
    ]);
    expect(doc.layout?.shape).toEqual({ x: 200, y: 0 });
    expect(doc.steps[1].params?.body).toBe('=steps.shape.a');
  });
});

describe('undo and redo', () => {
  it('undoes and redoes edits, and one drag is one step', () => {
    let state = initialHistory(base());
    state = historyReducer(state, {
      type: 'edit',
      recipe: (doc) => moveNodes(doc, { transform: { x: 210, y: 5 } }),
      coalesce: 'drag-1',
    });
    state = historyReducer(state, {
      type: 'edit',
      recipe: (doc) => moveNodes(doc, { transform: { x: 260, y: 40 } }),
      coalesce: 'drag-1',
    });
    expect(state.past).toHaveLength(1);
    state = historyReducer(state, { type: 'edit', recipe: (doc) => removeElements(doc, ['httpRequest'], []) });
    expect(state.present.steps).toHaveLength(1);

    state = historyReducer(state, { type: 'undo' });
    expect(state.present.steps).toHaveLength(2);
    expect(state.present.layout?.transform).toEqual({ x: 260, y: 40 });
    state = historyReducer(state, { type: 'undo' });
    expect(state.present.layout?.transform).toEqual({ x: 200, y: 0 });
    state = historyReducer(state, { type: 'redo' });
    state = historyReducer(state, { type: 'redo' });
    expect(state.present.steps).toHaveLength(1);
    expect(historyReducer(state, { type: 'redo' })).toBe(state);
  });

  it('drops the redo stack when a new edit is made', () => {
    let state = initialHistory(base());
    state = historyReducer(state, { type: 'edit', recipe: (doc) => ({ ...doc, name: 'A' }) });
    state = historyReducer(state, { type: 'undo' });
    state = historyReducer(state, { type: 'edit', recipe: (doc) => ({ ...doc, name: 'B' }) });
    expect(state.future).toEqual([]);
    expect(state.present.name).toBe('B');
  });
});

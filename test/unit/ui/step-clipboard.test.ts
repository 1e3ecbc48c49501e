// Copy, paste and duplicate of steps as workflow JSON: what travels, how ids stay unique, and
// that clipboard text which is not steps is refused with a message instead of half-pasting.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import {
  copySelection,
  describeFragment,
  duplicateSelection,
  parseFragment,
  pasteFragment,
  pasteProblem,
  serializeFragment,
} from '../../../ui/src/workflow/clipboard.ts';
import { newWorkflowDocument } from '../../../ui/src/workflow/document-io.ts';
import { addStep, connect } from '../../../ui/src/workflow/document-ops.ts';
import { addNote, noteFlowId } from '../../../ui/src/workflow/notes.ts';

const source = (): WorkflowDocument => {
  let doc = newWorkflowDocument('Orders', 'orders');
  doc = addStep(doc, 'transform', { x: 200, y: 0 }, { expression: '{ "email": trigger.body.email }' }, 'shape').doc;
  doc = addStep(doc, 'if', { x: 440, y: 0 }, { condition: '=steps.shape.email != null' }, 'known').doc;
  doc = addStep(doc, 'http.request', { x: 680, y: 0 }, { url: 'https://x.test', body: '=steps.shape' }, 'send').doc;
  doc = { ...doc, steps: doc.steps.map((s) => (s.id === 'send' ? { ...s, credential: 'crm-token' } : s)) };
  doc = connect(doc, { from: 'trigger', to: 'shape' });
  doc = connect(doc, { from: 'shape', to: 'known' });
  return connect(doc, { from: 'known', to: 'send', branch: 'true' });
};

const roundTrip = (doc: WorkflowDocument, ids: string[]) => parseFragment(serializeFragment(copySelection(doc, ids)));

describe('copying steps', () => {
  it('takes the selected steps, the edges between them and their layout; never the trigger', () => {
    const fragment = copySelection(source(), ['trigger', 'shape', 'known']);
    expect(fragment.steps.map((step) => step.id)).toEqual(['shape', 'known']);
    expect(fragment.edges).toEqual([{ from: 'shape', to: 'known' }]);
    expect(fragment.layout).toEqual({ shape: { x: 200, y: 0 }, known: { x: 440, y: 0 } });
  });
});

describe('pasting steps', () => {
  it('into another workflow keeps ids that are free, edges, branches and credentials by name', () => {
    const target = newWorkflowDocument('Other', 'other');
    const { doc, ids } = pasteFragment(target, roundTrip(source(), ['shape', 'known', 'send']), { x: 100, y: 300 });
    expect(ids).toEqual(['shape', 'known', 'send']);
    expect(doc.edges).toEqual([
      { from: 'shape', to: 'known' },
      { from: 'known', to: 'send', branch: 'true' },
    ]);
    expect(doc.steps.find((step) => step.id === 'send')?.credential).toBe('crm-token');
    // The fragment's top-left lands at the chosen point; the rest keeps its shape.
    expect(doc.layout?.shape).toEqual({ x: 100, y: 300 });
    expect(doc.layout?.send).toEqual({ x: 580, y: 300 });
    expect(doc.layout?.trigger).toEqual({ x: 0, y: 0 });
  });

  it('renames ids already taken and rewrites the pasted steps’ references to them', () => {
    const doc = source();
    const first = pasteFragment(doc, roundTrip(doc, ['shape', 'send']));
    expect(first.ids).toEqual(['shape2', 'send2']);
    const pastedSend = first.doc.steps.find((step) => step.id === 'send2');
    expect(pastedSend?.params?.body).toBe('=steps.shape2');
    // The originals are untouched, and a second paste does not collide with the first.
    expect(first.doc.steps.find((step) => step.id === 'known')?.params?.condition).toBe('=steps.shape.email != null');
    const second = pasteFragment(first.doc, roundTrip(doc, ['shape', 'send']));
    expect(second.ids).toEqual(['shape3', 'send3']);
    expect(second.doc.steps.find((step) => step.id === 'send3')?.params?.body).toBe('=steps.shape3');
    // Where the originals are taken, the copies go just below them.
    expect(first.doc.layout?.shape2).toEqual({ x: 200, y: 116 });
    expect(first.doc.layout?.send2).toEqual({ x: 680, y: 116 });
  });

  it('renames chains at once: a step `a` pasted beside `a` and `a2` refers to its own new id', () => {
    let doc = newWorkflowDocument('Chain', 'chain');
    doc = addStep(doc, 'transform', { x: 0, y: 0 }, { expression: '1' }, 'a').doc;
    doc = addStep(doc, 'transform', { x: 0, y: 0 }, { expression: 'steps.a + steps.a2' }, 'a2').doc;
    const { doc: next, ids } = pasteFragment(doc, roundTrip(doc, ['a', 'a2']));
    expect(ids).toEqual(['a3', 'a4']);
    expect(next.steps.find((step) => step.id === 'a4')?.params?.expression).toBe('steps.a3 + steps.a4');
  });

  it('accepts a whole workflow file and leaves its trigger and trigger edges behind', () => {
    const file = readFileSync(path.join(import.meta.dirname, '../../../workflows/alert-severity-router.json'), 'utf8');
    const fragment = parseFragment(file);
    expect(fragment.edges.some((edge) => edge.from === 'trigger')).toBe(false);
    const { doc } = pasteFragment(newWorkflowDocument('Empty', 'empty'), fragment);
    expect(doc.steps.length).toBe(JSON.parse(file).steps.length);
    expect(doc.trigger).toEqual(newWorkflowDocument('Empty', 'empty').trigger);
  });

  it('duplicates a selection beside itself, with the edges between the copies', () => {
    const { doc, ids } = duplicateSelection(source(), ['known', 'send']);
    expect(ids).toEqual(['known2', 'send2']);
    expect(doc.edges).toContainEqual({ from: 'known2', to: 'send2', branch: 'true' });
    expect(doc.edges.filter((edge) => edge.to === 'known2')).toEqual([]);
    expect(duplicateSelection(source(), ['trigger']).ids).toEqual([]);
  });

  it('keeps every id unique and every edge attached, whatever is copied and pasted where', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'a2', 'b', 'send', 'send2', 'x1'), { minLength: 1 });
    fc.assert(
      fc.property(ids, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (stepIds, picks) => {
        let doc = newWorkflowDocument('P', 'p');
        for (const id of stepIds)
          doc = addStep(doc, 'transform', { x: 0, y: 0 }, { expression: `steps.${id}` }, id).doc;
        for (let i = 1; i < stepIds.length; i++) doc = connect(doc, { from: stepIds[i - 1], to: stepIds[i] });
        const picked = stepIds.filter((_, index) => picks[index]);
        fc.pre(picked.length > 0);
        const { doc: next } = pasteFragment(doc, roundTrip(doc, picked));
        const all = next.steps.map((step) => step.id);
        expect(new Set(all).size).toBe(all.length);
        for (const edge of next.edges) expect(all).toContain(edge.from);
        for (const id of all) expect(next.layout?.[id]).toBeDefined();
        // No pasted step lies on top of a step that was there before.
        const before = Object.values(doc.layout ?? {});
        for (const id of all.slice(stepIds.length)) {
          const at = next.layout?.[id] as { x: number; y: number };
          expect(before.some((p) => Math.abs(p.x - at.x) < 180 && Math.abs(p.y - at.y) < 76)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('sticky notes on the clipboard', () => {
  it('travel with the steps they were selected with, get fresh ids and never land on other nodes', () => {
    const doc = addNote(source(), { x: 200, y: -200 }, 'Shapes the order').doc;
    const fragment = roundTrip(doc, ['shape', noteFlowId('note-1')]);
    expect(fragment.notes).toEqual([expect.objectContaining({ text: 'Shapes the order', x: 200, y: -200 })]);
    expect(describeFragment(fragment)).toBe('1 step and 1 note');
    const { doc: next, ids } = pasteFragment(doc, fragment);
    expect(ids).toEqual(['shape2', noteFlowId('note-2')]);
    const pasted = next.notes?.find((note) => note.id === 'note-2');
    expect(pasted).toMatchObject({ text: 'Shapes the order', width: 220, height: 140 });
    // The group keeps its shape: the note stays 200 px above its step.
    expect((next.layout?.shape2?.y ?? 0) - (pasted?.y ?? 0)).toBe(200);
    const original = doc.notes?.[0];
    expect(Math.abs((pasted?.y ?? 0) - (original?.y ?? 0))).toBeGreaterThanOrEqual(140);
  });

  it('alone can be copied and pasted, and a paste over the notes bound is refused', () => {
    let doc = newWorkflowDocument('Notes', 'notes');
    doc = addNote(doc, { x: 0, y: 0 }, 'one').doc;
    const fragment = roundTrip(doc, [noteFlowId('note-1')]);
    expect(fragment.steps).toEqual([]);
    expect(pasteFragment(doc, fragment).doc.notes?.map((note) => note.text)).toEqual(['one', 'one']);
    for (let i = 0; i < 199; i++) doc = addNote(doc, { x: 0, y: 0 }).doc;
    expect(pasteProblem(doc, fragment)).toBe('Pasting 1 note would make 201; a workflow holds at most 200.');
  });
});

describe('a paste that would make the workflow too large', () => {
  it('is refused whole, saying how many steps it would make', () => {
    let doc = newWorkflowDocument('Big', 'big');
    for (let i = 0; i < 499; i++) doc = addStep(doc, 'transform', { x: 0, y: 0 }, {}, `s${i}`).doc;
    const two = roundTrip(source(), ['shape', 'known']);
    expect(pasteProblem(doc, two)).toBe('Pasting 2 steps would make 501; a workflow holds at most 500.');
    expect(pasteProblem(doc, roundTrip(source(), ['shape']))).toBeNull();
  });
});

describe('clipboard text that is not steps', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['plain text', 'hello world', /does not hold Hookflow steps/],
    ['JSON without steps', '{"name":"x"}', /"steps" list is missing/],
    ['an empty list', '{"steps":[]}', /no steps or notes to paste/],
    ['a note without text', '{"steps":[],"notes":[{"x":0,"y":0}]}', /Note 1 on the clipboard needs a "text"/],
    ['a note without a place', '{"steps":[],"notes":[{"text":"hi","x":"left","y":0}]}', /numbers "x" and "y"/],
    ['notes that are not a list', '{"steps":[],"notes":{"text":"hi"}}', /"notes" is not a list/],
    ['a step without a type', '{"steps":[{"id":"a"}]}', /needs a text "id" and "type"/],
    ['a reserved id', '{"steps":[{"id":"trigger","type":"transform"}]}', /reserved name/],
    ['an id expressions cannot address', '{"steps":[{"id":"a-b","type":"transform"}]}', /letters, digits and _/],
    ['two steps with one id', '{"steps":[{"id":"a","type":"if"},{"id":"a","type":"if"}]}', /already called "a"/],
    ['params that are a list', '{"steps":[{"id":"a","type":"if","params":[]}]}', /"params" that are not an object/],
    ['a malformed retry', '{"steps":[{"id":"a","type":"if","retry":"twice"}]}', /malformed "retry"/],
    ['a disabled flag as text', '{"steps":[{"id":"a","type":"if","disabled":"yes"}]}', /malformed "disabled"/],
    [
      'a field steps do not have',
      '{"steps":[{"id":"a","type":"if","colour":"red"}]}',
      /"colour", which steps do not have/,
    ],
    ['an unknown type', '{"steps":[{"id":"a","type":"teleport"}]}', /"teleport", which this server does not know/],
    [
      'too many steps',
      JSON.stringify({ steps: Array.from({ length: 501 }, (_, i) => ({ id: `s${i}`, type: 'if' })) }),
      /at most 500/,
    ],
  ];
  it.each(cases)('refuses %s with a message that says what is wrong', (_name, text, message) => {
    expect(() => parseFragment(text, (type) => type !== 'teleport')).toThrow(message);
  });
});

// `tags` and `notes` are editor-only parts of the workflow document, like `layout`: stored and
// versioned with it, bounded by the schema (a bad one is a 400 that changes nothing), and
// without any effect on what an execution does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const base = {
  id: 'tagged',
  name: 'Tagged',
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "doubled": trigger.body.n * 2 }' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
};
const notes = [
  { id: 'n1', text: 'Doubles n, for the billing team.', x: 10, y: -120, width: 240, height: 100 },
  { id: 'n2', text: '', x: 300, y: 200 },
];

const pointersOf = (doc: unknown) => {
  const result = validateWorkflow(doc, { timeoutMs: 1000 });
  return result.ok ? [] : result.problems.map((problem) => problem.pointer);
};

describe('tags and notes in the schema', () => {
  it('accepts tags and notes, and leaves the compiled workflow as it is without them', () => {
    const withExtras = validateWorkflow({ ...base, tags: ['billing', 'EU region'], notes }, { timeoutMs: 1000 });
    const plain = validateWorkflow(base, { timeoutMs: 1000 });
    expect(withExtras.ok && plain.ok).toBe(true);
    if (withExtras.ok && plain.ok)
      expect(Object.keys(withExtras.compiled).sort()).toEqual(Object.keys(plain.compiled).sort());
  });

  it.each([
    ['a tag that is not text', { tags: [1] }, '/tags/0'],
    ['an empty tag', { tags: [''] }, '/tags/0'],
    ['a tag with outer spaces', { tags: [' ops'] }, '/tags/0'],
    ['a repeated tag', { tags: ['a', 'a'] }, '/tags'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, '/tags'],
    ['a note without text', { notes: [{ id: 'n', x: 0, y: 0 }] }, '/notes/0/text'],
    ['a note with an odd id', { notes: [{ id: 'a b', text: '', x: 0, y: 0 }] }, '/notes/0/id'],
    ['a note that is tiny', { notes: [{ id: 'n', text: '', x: 0, y: 0, width: 2 }] }, '/notes/0/width'],
    ['a note with extra fields', { notes: [{ id: 'n', text: '', x: 0, y: 0, colour: 'red' }] }, '/notes/0/colour'],
    ['an overlong note', { notes: [{ id: 'n', text: 'x'.repeat(5001), x: 0, y: 0 }] }, '/notes/0/text'],
    [
      'too many notes',
      { notes: Array.from({ length: 201 }, (_, i) => ({ id: `n${i}`, text: '', x: 0, y: 0 })) },
      '/notes',
    ],
  ])('refuses %s, naming where', (_name, extra, pointer) => {
    expect(pointersOf({ ...base, ...extra })).toContain(pointer);
  });
});

describe('tags and notes through the API', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf?.close();
  });

  it('stores them with the document, refuses a bad one without a change, and runs the same', async () => {
    const created = await hf.api('/api/workflows', { body: { ...base, tags: ['billing'], notes } });
    expect(created.status).toBe(201);
    expect(created.body.document).toMatchObject({ tags: ['billing'], notes });

    const bad = await hf.api('/api/workflows/tagged', {
      method: 'PUT',
      body: { ...base, tags: ['billing', 'billing'], notes: [{ id: 'n1', text: 7, x: 0, y: 0 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    const pointers = bad.body.error.details.map((problem: { pointer: string }) => problem.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/tags', '/notes/0/text']));
    const after = await hf.api('/api/workflows/tagged');
    expect([after.body.version, after.body.document.tags]).toEqual([created.body.version, ['billing']]);

    await hf.api('/api/workflows/tagged/activate', { method: 'POST' });
    const hit = await fetch(created.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 21 }),
    });
    expect(hit.status).toBe(202);
    const execution = await waitForExecution(hf, (await hit.json()).executionId);
    expect(execution.status).toBe('succeeded');
    expect(execution.steps.find((step: { stepId: string }) => step.stepId === 'shape').output).toEqual({ doubled: 42 });
  });
});

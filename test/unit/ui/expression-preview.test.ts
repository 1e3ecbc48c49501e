// The JSONata preview: evaluation on the sample, bounded runtime, chained transform outputs,
// the scope each step sees, and field-path completion from the sample.
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { TriggerInput } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { completeExpression } from '../../../ui/src/expressions/completion.ts';
import { evaluatePreview, formatPreviewValue } from '../../../ui/src/expressions/evaluate-preview.ts';
import { fieldPaths } from '../../../ui/src/expressions/field-paths.ts';
import {
  ancestorsOf,
  type PreviewInputs,
  previewStepOutputs,
  scopeFor,
} from '../../../ui/src/expressions/preview-scope.ts';

const sample: TriggerInput = {
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/json', 'x-shop-event': 'evt_1' },
  query: {},
  body: {
    id: 7,
    customer: { email: 'Ada@Example.com' },
    items: [
      { price: 2, quantity: 3 },
      { price: 10, quantity: 1 },
    ],
  },
  receivedAt: '2026-01-01T00:00:00.000Z',
};

const doc: WorkflowDocument = {
  id: 'chain',
  name: 'Chain',
  trigger: { type: 'webhook' },
  steps: [
    {
      id: 'shape',
      type: 'transform',
      params: {
        expression:
          "{ 'email': $lowercase(trigger.body.customer.email), 'total': $sum(trigger.body.items.(price * quantity)) }",
      },
    },
    { id: 'big', type: 'if', params: { condition: '=steps.shape.total > 10' } },
    { id: 'label', type: 'transform', params: { expression: "steps.shape.email & ' spent ' & steps.shape.total" } },
    { id: 'elsewhere', type: 'transform', params: { expression: '"unrelated"' } },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'big' },
    { from: 'big', to: 'label', branch: 'true' },
    { from: 'trigger', to: 'elsewhere' },
  ],
};

const inputs: PreviewInputs = { sample, executionOutputs: {}, executionId: null, workflowId: 'chain' };

describe('evaluating an expression for the preview', () => {
  it('returns the value on the sample', async () => {
    const result = await evaluatePreview('$sum(trigger.body.items.(price * quantity))', { trigger: sample });
    expect(result).toEqual({ status: 'ok', value: 16 });
  });

  it('reports syntax errors with their position', async () => {
    const result = await evaluatePreview('trigger.body.(', { trigger: sample });
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.phase).toBe('syntax');
    expect(result.problem.position).toBeGreaterThan(0);
  });

  it('reports evaluation errors separately from syntax errors', async () => {
    const result = await evaluatePreview("$number('not a number')", {});
    expect(result).toMatchObject({ status: 'error', phase: 'evaluation' });
  });

  it('stops runaway expressions instead of freezing the page', async () => {
    const started = Date.now();
    const result = await evaluatePreview('( $f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000) )', {});
    expect(result.status).toBe('error');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says so when nothing matched, rather than showing a blank', () => {
    expect(formatPreviewValue(undefined)).toBe('undefined — nothing matched');
    expect(formatPreviewValue({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('what a step sees', () => {
  it('lists the steps upstream of a step in execution order', () => {
    expect(ancestorsOf(doc, 'label')).toEqual(['shape', 'big']);
    expect(ancestorsOf(doc, 'shape')).toEqual([]);
  });

  it('chains transform previews so later steps preview on earlier results', async () => {
    const outputs = await previewStepOutputs(doc, inputs);
    expect(outputs.shape).toEqual({ email: 'ada@example.com', total: 16 });
    expect(outputs.label).toBe('ada@example.com spent 16');
  });

  it('prefers the outputs recorded by a selected execution', async () => {
    const outputs = await previewStepOutputs(doc, {
      ...inputs,
      executionOutputs: { shape: { email: 'recorded', total: 1 } },
    });
    expect(outputs.label).toBe('recorded spent 1');
  });

  it('gives an expression only its upstream outputs, the trigger and the execution', async () => {
    const outputs = await previewStepOutputs(doc, inputs);
    const scope = scopeFor(doc, 'label', inputs, outputs);
    expect(Object.keys(scope.steps)).toEqual(['shape']);
    expect(scope.trigger).toBe(sample);
    expect(scope.execution).toEqual({ id: 'preview', workflowId: 'chain' });
  });
});

describe('field paths for autocomplete', () => {
  const paths = fieldPaths(sample, 'trigger');

  it('walks objects and the first element of arrays, quoting names JSONata cannot read bare', () => {
    const names = paths.map((entry) => entry.path);
    expect(names).toContain('trigger.body.customer.email');
    expect(names).toContain('trigger.body.items.price');
    expect(names).toContain('trigger.headers.`x-shop-event`');
    expect(paths.find((entry) => entry.path === 'trigger.body.items')?.type).toBe('array[2]');
  });

  // The source offers the siblings of the segment being typed; CodeMirror narrows them by the typed text.
  it('offers the fields at the depth being typed', () => {
    const complete = (text: string) => {
      const state = EditorState.create({ doc: text });
      const result = completeExpression(new CompletionContext(state, text.length, false), paths);
      return result?.options.map((option) => option.label) ?? [];
    };
    expect(complete('trigger.body.cu')).toEqual(['trigger.body.id', 'trigger.body.customer', 'trigger.body.items']);
    expect(complete('trigger.body.customer.')).toEqual(['trigger.body.customer.email']);
    expect(complete('$su')).toContain('$sum');
  });
});

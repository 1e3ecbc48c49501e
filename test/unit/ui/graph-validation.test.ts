// Graph validation as the editor runs it on every edit, and the server's problems mapped onto nodes.
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { problemsFromServer, validateGraph } from '../../../ui/src/workflow/graph-validation.ts';
import { catalog } from './node-catalog-fixture.ts';

function workflow(partial: Partial<WorkflowDocument>): WorkflowDocument {
  return { id: 'wf', name: 'Workflow', trigger: { type: 'webhook' }, steps: [], edges: [], ...partial };
}

const messages = (doc: WorkflowDocument) =>
  validateGraph(doc, catalog).map((problem) => `${problem.nodeId}: ${problem.message}`);

describe('validating the graph while editing', () => {
  it('accepts a connected, complete workflow', () => {
    const doc = workflow({
      steps: [
        { id: 'shape', type: 'transform', params: { expression: '{ "a": trigger.body.a }' } },
        { id: 'big', type: 'if', params: { condition: '=steps.shape.a > 1' } },
        { id: 'call', type: 'http.request', params: { url: 'https://api.test' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'big' },
        { from: 'big', to: 'call', branch: 'true' },
      ],
    });
    expect(validateGraph(doc, catalog)).toEqual([]);
  });

  it('marks every step on a cycle', () => {
    const doc = workflow({
      steps: [
        { id: 'a', type: 'transform', params: { expression: '1' } },
        { id: 'b', type: 'transform', params: { expression: '2' } },
        { id: 'c', type: 'transform', params: { expression: '3' } },
      ],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'b' },
      ],
    });
    const cyclic = validateGraph(doc, catalog).filter((problem) => problem.message.includes('loop'));
    expect(cyclic.map((problem) => problem.nodeId).sort()).toEqual(['b', 'c']);
  });

  it('reports connections to steps that do not exist, on the step that does', () => {
    const doc = workflow({
      steps: [{ id: 'a', type: 'transform', params: { expression: '1' } }],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'a', to: 'ghost' },
      ],
    });
    expect(messages(doc)).toEqual(['a: A connection points to "ghost", which does not exist.']);
  });

  it('reports missing required parameters on their field', () => {
    const doc = workflow({
      steps: [{ id: 'call', type: 'http.request', params: { method: 'POST', url: '' } }],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(validateGraph(doc, catalog)).toEqual([
      { nodeId: 'call', field: 'url', edge: null, severity: 'error', message: 'URL is required.' },
    ]);
  });

  it('reports JSONata syntax errors in transform expressions and =expressions', () => {
    const doc = workflow({
      steps: [
        { id: 'shape', type: 'transform', params: { expression: '{ "a": ' } },
        { id: 'call', type: 'http.request', params: { url: '=steps.shape.(' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'call' },
      ],
    });
    const problems = validateGraph(doc, catalog);
    expect(problems.map((problem) => [problem.nodeId, problem.field])).toEqual([
      ['shape', 'expression'],
      ['call', 'url'],
    ]);
  });

  it('requires a branch on edges leaving an if, and a known one', () => {
    const doc = workflow({
      steps: [
        { id: 'check', type: 'if', params: { condition: true } },
        { id: 'a', type: 'transform', params: { expression: '1' } },
        { id: 'b', type: 'transform', params: { expression: '2' } },
      ],
      edges: [
        { from: 'trigger', to: 'check' },
        { from: 'check', to: 'a' },
        { from: 'check', to: 'b', branch: 'maybe' },
      ],
    });
    expect(messages(doc)).toEqual([
      'check: Connect "a" to one of the outputs true, false.',
      'check: "maybe" is not an output of this step.',
    ]);
  });

  it('warns about steps the trigger never reaches, and flags unknown types and bad ids', () => {
    const doc = workflow({
      steps: [
        { id: 'orphan', type: 'transform', params: { expression: '1' } },
        { id: 'steps', type: 'transform', params: { expression: '1' } },
        { id: 'mystery', type: 'no.such.node' },
      ],
      edges: [
        { from: 'trigger', to: 'steps' },
        { from: 'trigger', to: 'mystery' },
      ],
    });
    const problems = validateGraph(doc, catalog);
    expect(problems.find((problem) => problem.nodeId === 'orphan')?.severity).toBe('warning');
    expect(messages(doc)).toContain('steps: "steps" is a reserved name in expressions.');
    expect(messages(doc)).toContain('mystery: Unknown node type "no.such.node".');
  });

  it('skips catalogue checks while the node types are still loading', () => {
    const doc = workflow({ steps: [{ id: 'a', type: 'anything' }], edges: [{ from: 'trigger', to: 'a' }] });
    expect(validateGraph(doc, new Map())).toEqual([]);
  });
});

describe('server problems on the canvas', () => {
  it('maps JSON pointers to the step, field, trigger or edge they concern', () => {
    const doc = workflow({
      steps: [
        { id: 'shape', type: 'transform' },
        { id: 'call', type: 'http.request' },
      ],
      edges: [{ from: 'shape', to: 'call' }],
    });
    const mapped = problemsFromServer(doc, [
      { pointer: '/steps/1/params/url', message: 'must match format "uri"' },
      { pointer: '/trigger/auth', message: 'must have required property credential' },
      { pointer: '/edges/0', message: 'bad edge' },
      { pointer: '/name', message: 'must be string' },
    ]);
    expect(mapped.map((problem) => [problem.nodeId, problem.field, problem.message])).toEqual([
      ['call', 'url', 'must match format "uri"'],
      ['trigger', null, 'must have required property credential'],
      ['shape', null, 'bad edge'],
      [null, null, '/name: must be string'],
    ]);
  });
});

// @vitest-environment happy-dom
// The diff between two versions: steps added, removed and changed down to the parameter,
// connections, trigger and settings, with layout-only changes told apart; and its rendering.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { VersionDiffView } from '../../../ui/src/editor/version-diff-view.tsx';
import { diffWorkflows, isEmptyDiff } from '../../../ui/src/workflow/version-diff.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const v1: WorkflowDocument = {
  id: 'orders',
  name: 'Orders',
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: 'trigger.body' } },
    {
      id: 'send',
      type: 'http.request',
      params: { method: 'POST', url: 'https://a.test', headers: { 'X-Team': 'ops' } },
      retry: { attempts: 3 },
    },
    { id: 'old', type: 'delay', params: { duration: '1m' } },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
    { from: 'shape', to: 'old' },
  ],
  layout: { shape: { x: 0, y: 0 }, send: { x: 200, y: 0 } },
};
const v2: WorkflowDocument = {
  ...v1,
  name: 'Orders (EU)',
  tags: ['eu'],
  trigger: { type: 'webhook', methods: ['POST', 'PUT'] },
  steps: [
    v1.steps[0],
    {
      id: 'send',
      type: 'http.request',
      params: { method: 'POST', url: 'https://b.test', headers: { 'X-Team': 'ops', 'X-Region': 'eu' } },
      retry: { attempts: 5 },
    },
    { id: 'audit', type: 'transform', params: { expression: '1' } },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
    { from: 'send', to: 'audit' },
  ],
  layout: { shape: { x: 40, y: 0 }, send: { x: 200, y: 0 } },
  settings: { timeout: '5m' },
  notes: [{ id: 'n1', text: 'EU only', x: 0, y: 0 }],
};

describe('the diff between two versions', () => {
  it('lists steps added, removed and changed with each parameter that changed', () => {
    const diff = diffWorkflows(v1, v2);
    expect(diff.addedSteps.map((step) => step.id)).toEqual(['audit']);
    expect(diff.removedSteps.map((step) => step.id)).toEqual(['old']);
    expect(diff.changedSteps).toEqual([
      {
        id: 'send',
        type: 'http.request',
        changes: [
          { path: 'params.url', before: 'https://a.test', after: 'https://b.test' },
          { path: 'params.headers.X-Region', before: undefined, after: 'eu' },
          { path: 'retry.attempts', before: 3, after: 5 },
        ],
      },
    ]);
    expect(diff.addedEdges).toEqual([{ from: 'send', to: 'audit' }]);
    expect(diff.removedEdges).toEqual([{ from: 'shape', to: 'old' }]);
    expect(diff.trigger).toEqual([{ path: 'methods', before: ['POST'], after: ['POST', 'PUT'] }]);
    expect(diff.settings).toEqual([{ path: 'timeout', before: undefined, after: '5m' }]);
    expect(diff.workflow.map((change) => change.path)).toEqual(['name', 'tags']);
    expect([diff.movedNodes, diff.notesChanged]).toEqual([1, true]);
  });

  it('finds nothing between a version and itself, and only layout when only nodes moved', () => {
    expect(isEmptyDiff(diffWorkflows(v1, structuredClone(v1)))).toBe(true);
    const moved = diffWorkflows(v1, { ...v1, layout: { ...v1.layout, send: { x: 1, y: 1 } } });
    expect(isEmptyDiff(moved)).toBe(false);
    expect(moved.changedSteps).toEqual([]);
    expect(moved.movedNodes).toBe(1);
  });

  it('renders the groups a reviewer reads', () => {
    const container = document.createElement('div');
    const root = createRoot(container);
    act(() => root.render(<VersionDiffView diff={diffWorkflows(v1, v2)} from={1} to={2} />));
    const text = container.textContent ?? '';
    expect(text).toContain('v1 → v2');
    expect(text).toContain('Steps added (1)+ audit');
    expect(text).toContain('Steps removed (1)− old');
    const send = container.querySelector('[data-testid="diff-step-send"]')?.textContent ?? '';
    expect(send).toContain('params.urlhttps://a.test→https://b.test');
    expect(send).toContain('params.headers.X-Region(none)→eu');
    expect(text).toContain('+ send → audit');
    expect(text).toContain('1 node moved; sticky notes changed');
    act(() => root.render(<VersionDiffView diff={diffWorkflows(v1, v1)} from={1} to={1} />));
    expect(container.textContent).toContain('No differences.');
    act(() => root.unmount());
  });
});

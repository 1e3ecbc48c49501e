// @vitest-environment happy-dom
// An execution's steps, listed in the order they ran. Fast steps share a millisecond, and the
// store then returns them by key (alphabetically): the graph decides the order instead.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionView, StepRecordView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { ToastProvider } from '../../../ui/src/components/toasts.tsx';
import { EditorContext, type EditorContextValue } from '../../../ui/src/editor/editor-context.tsx';
import { ExecutionDetails } from '../../../ui/src/editor/executions/execution-details.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const SAME_MS = '2026-01-31T09:00:00.123Z';
const record = (stepId: string, startedAt = SAME_MS): StepRecordView =>
  ({
    key: stepId,
    stepId,
    type: 'transform',
    status: 'succeeded',
    attempt: 1,
    input: null,
    output: {},
    branches: null,
    error: null,
    startedAt,
    finishedAt: startedAt,
    durationMs: 0,
  }) as StepRecordView;

function render(doc: Partial<WorkflowDocument>, steps: StepRecordView[]) {
  const execution = {
    id: '01JEXECUTION00000000000000',
    workflowId: 'w',
    workflowVersion: 1,
    status: 'succeeded',
    trigger: { method: 'POST', path: '/', headers: {}, query: {}, body: {}, receivedAt: SAME_MS },
    error: null,
    result: null,
    createdAt: SAME_MS,
    startedAt: SAME_MS,
    finishedAt: SAME_MS,
    durationMs: 1,
    steps,
  } as unknown as ExecutionView;
  const value = {
    doc: { id: 'w', name: 'W', trigger: { type: 'webhook' }, steps: [], edges: [], ...doc },
    execution,
    view: null,
    select: () => {},
    openExecution: () => {},
  } as unknown as EditorContextValue;
  act(() =>
    root.render(
      <ToastProvider>
        <EditorContext.Provider value={value}>
          <ExecutionDetails />
        </EditorContext.Provider>
      </ToastProvider>,
    ),
  );
  return [...host.querySelectorAll('[data-step-link]')].map((link) => (link as HTMLElement).dataset.stepLink);
}

describe('execution steps', () => {
  it('lists steps that started in the same millisecond in run order, not alphabetically', () => {
    const edges = [
      { from: 'trigger', to: 'zulu' },
      { from: 'zulu', to: 'mike' },
      { from: 'mike', to: 'alpha' },
    ];
    // As the store returns them: same started_at, then by key.
    expect(render({ edges }, [record('alpha'), record('mike'), record('zulu')])).toEqual(['zulu', 'mike', 'alpha']);
  });

  it('keeps start time first: a later step stays later whatever the graph says', () => {
    const edges = [
      { from: 'trigger', to: 'a' },
      { from: 'a', to: 'b' },
    ];
    expect(
      render({ edges }, [record('b', '2026-01-31T09:00:00.100Z'), record('a', '2026-01-31T09:00:00.200Z')]),
    ).toEqual(['b', 'a']);
  });
});

// @vitest-environment happy-dom
// "Paste cURL" in the HTTP request step: the command fills method, URL, query, headers and
// body of the real step panel; credentials are offered as a stored credential, never written
// into the headers; what the step cannot do (a file upload) is said; a bad command changes nothing.
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import type { StepSpec, WorkflowDocument } from '../../../server/workflow/types.ts';
import { EditorContext, type EditorContextValue } from '../../../ui/src/editor/editor-context.tsx';
import { StepPanel } from '../../../ui/src/editor/step/step-panel.tsx';
import { catalog } from './node-catalog-fixture.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
let current: WorkflowDocument;
let edits = 0;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  edits = 0;
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const initialStep: StepSpec = {
  id: 'call',
  type: 'http.request',
  params: { url: 'https://old.example/x', method: 'GET', timeout: '5s' },
} as StepSpec;

function Harness() {
  const [doc, setDoc] = useState<WorkflowDocument>({
    id: 'w',
    name: 'W',
    trigger: { type: 'webhook' },
    steps: [initialStep],
    edges: [],
  } as WorkflowDocument);
  current = doc;
  const value = {
    doc,
    edit: (recipe) => {
      edits++;
      setDoc(recipe);
    },
    catalog,
    credentials: [],
    problems: [],
    previewInputs: { sample: null, executionOutputs: {}, executionId: null, workflowId: 'w' },
    previewOutputs: {},
    execution: null,
    select: () => {},
  } as Partial<EditorContextValue>;
  return (
    <EditorContext.Provider value={value as EditorContextValue}>
      <StepPanel step={doc.steps[0]} />
    </EditorContext.Provider>
  );
}

const button = (text: string) =>
  [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement | undefined;

function click(el: HTMLElement | undefined) {
  expect(el).toBeDefined();
  act(() => el!.click());
}

function paste(command: string) {
  click(button('Paste cURL…'));
  const area = host.querySelector('[data-testid="paste-curl"] textarea') as HTMLTextAreaElement;
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, command);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  click(button('Fill the step'));
}

const params = () => current.steps[0].params as Record<string, unknown>;
const problems = () => {
  const result = validateWorkflow(current, { timeoutMs: 1000 });
  return result.ok ? [] : result.problems;
};

describe('paste a cURL command into the HTTP request step', () => {
  it('fills method, URL, query, headers and body, and offers the bearer token as a credential', () => {
    act(() => root.render(<Harness />));
    paste(`curl -X POST 'https://api.example.com/v1/orders?page=2&sort=desc' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer sk_live_123' \\
  -H 'X-Trace: abc' \\
  --data-raw '{"sku":"A-1","qty":3}'`);
    expect(params()).toEqual({
      method: 'POST',
      url: 'https://api.example.com/v1/orders',
      query: { page: '2', sort: 'desc' },
      headers: { 'x-trace': 'abc' },
      bodyType: 'json',
      body: { sku: 'A-1', qty: 3 },
      // the step's own settings survive the paste
      timeout: '5s',
    });
    // The secret is nowhere in the workflow document.
    expect(JSON.stringify(current)).not.toContain('sk_live_123');
    expect(edits).toBe(1);
    const status = host.querySelector('[role="status"]')!.textContent!;
    expect(status).toContain('Filled from the command: method, URL, query parameters, headers, body (json).');
    expect(status).toContain('authenticates with a bearer token');
    expect(button('Create a credential from it…')).toBeDefined();
    // The form shows what was filled.
    const urlInput = [...host.querySelectorAll('input')].find((i) => i.value === 'https://api.example.com/v1/orders');
    expect(urlInput).toBeDefined();
    expect(problems()).toEqual([]);
  });

  it('says a file upload is not sent, and offers -u as a Basic credential', () => {
    act(() => root.render(<Harness />));
    paste(`curl -u 'ann:s3cret' -F 'note=hi' -F 'file=@/tmp/report.pdf' https://files.example.com/upload`);
    expect(params()).toMatchObject({
      method: 'POST',
      url: 'https://files.example.com/upload',
      bodyType: 'form',
      body: { note: 'hi', file: '@/tmp/report.pdf' },
    });
    expect(JSON.stringify(current)).not.toContain('s3cret');
    const status = host.querySelector('[role="status"]')!.textContent!;
    expect(status).toContain('Not used: the file in -F file is not uploaded.');
    expect(status).toContain('HTTP Basic as “ann”');
  });

  it('replaces the previous request as a whole: no stale body or headers remain', () => {
    act(() => root.render(<Harness />));
    paste(`curl -X PUT https://a.example/x -H 'X-A: 1' -d 'a=1'`);
    expect(params()).toMatchObject({ headers: { 'x-a': '1' }, bodyType: 'form', body: { a: '1' } });
    paste('curl https://b.example/y');
    expect(params()).toEqual({ method: 'GET', url: 'https://b.example/y', timeout: '5s' });
  });

  it('a command it cannot read says why and changes nothing', () => {
    act(() => root.render(<Harness />));
    const before = JSON.stringify(current);
    paste(`curl -H 'X-A: 1' 'https://a.example/x`);
    expect(host.querySelector('[role="alert"]')!.textContent).toContain('a quote is not closed');
    expect(JSON.stringify(current)).toBe(before);
    expect(edits).toBe(0);
  });
});

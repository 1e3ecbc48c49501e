// @vitest-environment happy-dom
// Choosing "Signature (HMAC)" must leave the trigger valid once a credential is named: the
// default sender needs nothing the form does not show, and "Generic HMAC" gets its header field.
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { EditorContext, type EditorContextValue } from '../../../ui/src/editor/editor-context.tsx';
import { TriggerAuth } from '../../../ui/src/editor/trigger/trigger-auth.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
let current: WorkflowDocument;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function Harness() {
  const [doc, setDoc] = useState<WorkflowDocument>({
    id: 'w',
    name: 'W',
    trigger: { type: 'webhook' },
    steps: [],
    edges: [],
  } as WorkflowDocument);
  current = doc;
  const value = { doc, edit: (recipe) => setDoc(recipe), credentials: [] } as Partial<EditorContextValue>;
  return (
    <EditorContext.Provider value={value as EditorContextValue}>
      <TriggerAuth />
    </EditorContext.Provider>
  );
}

function choose(select: HTMLSelectElement | HTMLInputElement, value: string) {
  act(() => {
    const proto = select instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(select, value);
    select.dispatchEvent(new Event(select instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

const byLabel = <T extends HTMLElement>(text: string) => {
  const label = [...host.querySelectorAll('label')].find((l) => l.textContent === text);
  return label ? (host.querySelector(`#${CSS.escape(label.htmlFor)}`) as T | null) : null;
};
const problems = () => {
  const result = validateWorkflow(current, { timeoutMs: 1000 });
  return result.ok ? [] : result.problems;
};

describe('trigger verification form', () => {
  it('defaults "Signature (HMAC)" to a named sender that needs only the credential', () => {
    act(() => root.render(<Harness />));
    choose(byLabel<HTMLSelectElement>('Method')!, 'hmac');
    expect(current.trigger.auth).toMatchObject({ type: 'hmac' });
    expect((current.trigger.auth as { preset: string }).preset).not.toBe('generic');
    choose(byLabel<HTMLInputElement>('Credential')!, 'github-secret');
    expect(problems()).toEqual([]);
  });

  it('shows the signature header for "Generic HMAC" and stores it', () => {
    act(() => root.render(<Harness />));
    choose(byLabel<HTMLSelectElement>('Method')!, 'hmac');
    choose(byLabel<HTMLSelectElement>('Sender')!, 'generic');
    choose(byLabel<HTMLInputElement>('Credential')!, 'partner-secret');
    expect(problems()).toEqual([
      { pointer: '/trigger/auth/header', message: 'Choose which header carries the signature' },
    ]);
    const header = byLabel<HTMLInputElement>('Signature header');
    expect(header).not.toBeNull();
    choose(header!, 'x-partner-signature');
    choose(byLabel<HTMLSelectElement>('Encoding')!, 'base64');
    expect(current.trigger.auth).toMatchObject({
      preset: 'generic',
      header: 'x-partner-signature',
      encoding: 'base64',
    });
    expect(problems()).toEqual([]);
  });
});

// @vitest-environment happy-dom
// The workflow settings form: renders from a document, edits produce the document's `settings`
// (as setSettings applies them), and invalid values are flagged next to their fields.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import type { PointerProblems } from '../../../ui/src/editor/settings/settings-fields.tsx';
import { SettingsForm } from '../../../ui/src/editor/settings/settings-form.tsx';
import { problemsFromServer, validateGraph } from '../../../ui/src/workflow/graph-validation.ts';
import { setSettings } from '../../../ui/src/workflow/workflow-settings.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const baseDoc: WorkflowDocument = {
  id: 'orders',
  name: 'Orders',
  trigger: { type: 'webhook' },
  steps: [],
  edges: [],
  settings: { onError: 'wf_alerts', timeout: '5m' },
};
const workflows = [
  { id: 'wf_alerts', name: 'Error handler' },
  { id: 'wf_other', name: 'Other' },
];
const credentials = [
  { name: 'alert-signing', type: 'hmac' },
  { name: 'mailer', type: 'smtp' },
  { name: 'crm', type: 'hubspot' },
];

/** What the Settings tab shows next to a field: the editor's own problems under /settings. */
function pointerProblems(doc: WorkflowDocument): PointerProblems {
  const grouped: PointerProblems = {};
  for (const problem of validateGraph(doc, new Map())) {
    if (problem.field?.startsWith('/settings')) grouped[problem.field] = [problem.message.replace(/^[^:]+: /, '')];
  }
  return grouped;
}

describe('workflow settings form', () => {
  let container: HTMLDivElement;
  let root: Root;
  let doc: WorkflowDocument;

  const render = () =>
    act(() =>
      root.render(
        <SettingsForm
          settings={doc.settings ?? {}}
          onChange={(update) => {
            doc = setSettings(doc, update(doc.settings ?? {}));
            render();
          }}
          workflows={workflows}
          credentials={credentials}
          problems={pointerProblems(doc)}
        />,
      ),
    );
  const byLabel = <T extends HTMLElement>(text: string, nth = 0): T => {
    const label = [...container.querySelectorAll('label')].filter((element) => element.textContent === text)[nth];
    if (!label) throw new Error(`no label "${text}"`);
    return container.querySelector(`#${CSS.escape(label.htmlFor)}`) as T;
  };
  const type = (element: HTMLInputElement | HTMLSelectElement, value: string) =>
    act(() => {
      const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
      element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    });
  const click = (text: string) =>
    act(() => {
      const button = [...container.querySelectorAll('button')].find((element) => element.textContent === text);
      if (!button) throw new Error(`no button "${text}"`);
      button.click();
    });

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    doc = structuredClone(baseDoc);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('renders the document settings into labelled controls', () => {
    render();
    expect(byLabel<HTMLSelectElement>('Error workflow').value).toBe('wf_alerts');
    expect([...byLabel<HTMLSelectElement>('Error workflow').options].map((option) => option.value)).toEqual([
      '',
      'wf_alerts',
      'wf_other',
    ]);
    expect(byLabel<HTMLInputElement>('Timeout').value).toBe('5m');
    expect(byLabel<HTMLInputElement>('Max concurrency').value).toBe('');
  });

  it('edits produce the settings object, and clearing a field removes its key', () => {
    render();
    type(byLabel('Max concurrency'), '3');
    type(byLabel('Error workflow'), '');
    click('Add webhook channel');
    type(byLabel('URL'), 'https://alerts.test/hook');
    type(byLabel('Signing credential'), 'alert-signing');
    click('Add email channel');
    type(byLabel('To'), 'ops@example.com, oncall@example.com');
    type(byLabel('SMTP credential'), 'mailer');
    type(byLabel('Dedupe window'), '1h');
    act(() => (container.querySelector('input[type=checkbox]') as HTMLInputElement).click());

    expect(JSON.parse(JSON.stringify(doc.settings))).toEqual({
      timeout: '5m',
      maxConcurrency: 3,
      alerts: {
        channels: [
          { type: 'webhook', url: 'https://alerts.test/hook', credential: 'alert-signing' },
          { type: 'email', to: ['ops@example.com', 'oncall@example.com'], credential: 'mailer' },
        ],
        dedupeWindow: '1h',
        includeInput: true,
      },
    });
    // Only credentials of the channel's type are offered, named with their type.
    expect([...byLabel<HTMLSelectElement>('SMTP credential').options].map((option) => option.textContent)).toEqual([
      'Choose a smtp credential…',
      'mailer (smtp)',
    ]);

    click('Remove channel 1');
    click('Remove channel 1');
    type(byLabel('Max concurrency'), '');
    type(byLabel('Timeout'), '');
    expect(doc.settings).toBeUndefined();
  });

  it('flags an invalid duration and concurrency inline, and accepts valid ones', () => {
    render();
    type(byLabel('Timeout'), '5 minutes');
    type(byLabel('Max concurrency'), '0');
    const timeout = byLabel<HTMLInputElement>('Timeout');
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect(container.textContent).toContain('Must be a duration such as 500ms, 30s, 5m, 2h or 1d.');
    expect(container.textContent).toContain('Must be a whole number of at least 1.');
    expect(doc.settings?.timeout).toBe('5 minutes');

    type(byLabel('Timeout'), '1.5 h');
    type(byLabel('Max concurrency'), '2');
    expect(byLabel<HTMLInputElement>('Timeout').getAttribute('aria-invalid')).toBeNull();
    expect(container.querySelectorAll('[role=alert]')).toHaveLength(0);
  });

  it('maps the server validation pointers under /settings to the settings fields', () => {
    const problems = problemsFromServer(doc, [
      { pointer: '/settings/alerts/channels/0/url', message: 'must match pattern "^https?://"' },
      { pointer: '/steps/0/params/url', message: 'unrelated' },
    ]);
    expect(problems[0]).toMatchObject({ nodeId: null, field: '/settings/alerts/channels/0/url' });
    expect(problems[1].field).not.toMatch(/^\/settings/);
  });
});

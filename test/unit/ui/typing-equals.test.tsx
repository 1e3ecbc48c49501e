// @vitest-environment happy-dom
// Typing `=` is how people start an expression (the hints say "=steps.shape"). Every kind of
// field must switch to expression mode and keep the caret there, never store `==` (a literal)
// by accident, and never turn an `if` condition into a checkbox.
import { EditorView } from '@codemirror/view';
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FieldSpec, fieldsFromSchema } from '../../../ui/src/forms/schema-fields.ts';
import { SchemaForm } from '../../../ui/src/forms/schema-form.tsx';
import { paramFields } from '../../../ui/src/workflow/node-catalog.ts';
import { nodeType } from './node-catalog-fixture.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
let stored: Record<string, unknown>;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function Harness({ fields, initial }: { fields: FieldSpec[]; initial: Record<string, unknown> }) {
  const [values, setValues] = useState(initial);
  stored = values;
  return (
    <SchemaForm
      fields={fields}
      values={values}
      onChange={(name, value) => setValues((current) => ({ ...current, [name]: value }))}
      problems={{}}
      paths={[]}
      scope={{}}
      idPrefix="p"
    />
  );
}

function render(type: string, initial: Record<string, unknown> = {}) {
  act(() => root.render(<Harness fields={paramFields(nodeType(type))} initial={initial} />));
}

function pressEquals(target: Element) {
  let typed = true;
  act(() => {
    const event = new KeyboardEvent('keydown', { key: '=', bubbles: true, cancelable: true });
    typed = target.dispatchEvent(event);
  });
  return typed;
}

function editorOf(name: string): EditorView {
  const dom = host.querySelector(`[data-testid="expression-${name}"] .cm-editor`);
  expect(dom, `expression editor for ${name}`).not.toBeNull();
  return EditorView.findFromDOM(dom as HTMLElement)!;
}

/** Types into a CodeMirror editor the way its input handling does (a user input transaction). */
function typeInto(view: EditorView, text: string) {
  act(() => {
    for (const char of text) {
      const at = view.state.selection.main.head;
      view.dispatch({ changes: { from: at, insert: char }, selection: { anchor: at + 1 }, userEvent: 'input.type' });
    }
  });
}

describe('typing = into a fixed field', () => {
  it('switches a text field to expression mode with the caret in the editor', () => {
    render('http.request');
    const url = host.querySelector<HTMLInputElement>('#p-url')!;
    url.focus();
    expect(pressEquals(url)).toBe(false);
    expect(stored.url).toBe('=');
    const view = editorOf('url');
    expect(view.hasFocus || view.contentDOM === document.activeElement).toBe(true);
    expect(view.state.selection.main.head).toBe(0);
    // happy-dom reports selection changes synchronously while focused, which CodeMirror refuses.
    act(() => view.contentDOM.blur());
    typeInto(view, 'trigger.body.url');
    expect(stored.url).toBe('=trigger.body.url');
  });

  it('switches numbers, checkboxes, selects, JSON and key-value fields the same way', () => {
    render('http.request', { method: 'POST', body: { a: 1 } });
    pressEquals(host.querySelector('#p-method')!);
    expect(stored.method).toBe('="POST"');
    pressEquals(host.querySelector('#p-followRedirects')!);
    expect(stored.followRedirects).toBe('=');
    const body = host.querySelector<HTMLTextAreaElement>('#p-body')!;
    body.setSelectionRange(0, 0);
    pressEquals(body);
    expect(stored.body).toBe(`=${JSON.stringify({ a: 1 }, null, 2)}`);
    const addHeader = [...host.querySelectorAll<HTMLButtonElement>('[data-testid="param-headers"] button')].find(
      (button) => button.textContent?.includes('Add'),
    )!;
    act(() => addHeader.click());
    pressEquals(host.querySelector('[data-testid="param-headers"] [data-kv="name"]')!);
    expect(stored.headers).toBe('=');

    const fields = fieldsFromSchema({ properties: { count: { type: 'integer' }, ratio: { type: 'number' } } });
    act(() => root.render(<Harness key="numbers" fields={fields} initial={{ ratio: 0.5 }} />));
    pressEquals(host.querySelector('#p-count')!);
    pressEquals(host.querySelector('#p-ratio')!);
    expect(stored).toEqual({ count: '=', ratio: '=0.5' });
  });

  it('keeps typing in the middle of fixed text literal', () => {
    render('http.request', { url: 'https://a.test/' });
    const url = host.querySelector<HTMLInputElement>('#p-url')!;
    url.setSelectionRange(5, 5);
    expect(pressEquals(url)).toBe(true);
    expect(stored.url).toBe('https://a.test/');
  });

  it('keeps a literal = only when == is typed deliberately in fixed mode', () => {
    render('http.request');
    const url = host.querySelector<HTMLInputElement>('#p-url')!;
    pressEquals(url);
    pressEquals(editorOf('url').contentDOM);
    expect(stored.url).toBe('==');
    const fixed = host.querySelector<HTMLInputElement>('#p-url')!;
    expect(fixed.value).toBe('=');
    expect(document.activeElement).toBe(fixed);
    expect(fixed.selectionStart).toBe(1);
  });

  it('reads pasted =expressions as expressions', () => {
    render('http.request');
    const url = host.querySelector<HTMLInputElement>('#p-url')!;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(url, '=trigger.body.url');
      url.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(stored.url).toBe('=trigger.body.url');
  });
});

describe('typing = inside an expression editor, as the hints suggest', () => {
  it('keeps an HTTP body an expression instead of the literal "=="', () => {
    render('http.request', { body: '=' });
    typeInto(editorOf('body'), '=steps.shape');
    expect(stored.body).toBe('=steps.shape');
    expect(editorOf('body').state.doc.toString()).toBe('steps.shape');
  });

  it('never turns an if condition into a checkbox', () => {
    render('if', { condition: '=' });
    const view = editorOf('condition');
    pressEquals(view.contentDOM);
    typeInto(view, '=steps.shape.total > 100');
    expect(stored.condition).toBe('=steps.shape.total > 100');
    expect(host.querySelector('input[type="checkbox"]')).toBeNull();
  });

  it('shows a stored string in a yes/no field as an expression, not a checkbox', () => {
    render('if', { condition: '==' });
    expect(host.querySelector('input[type="checkbox"]')).toBeNull();
    expect(host.querySelector('[data-testid="expression-condition"]')).not.toBeNull();
  });

  it('drops a leading = typed into an always-JSONata field', () => {
    render('transform', { expression: '' });
    typeInto(editorOf('expression'), '=trigger.body');
    expect(stored.expression).toBe('trigger.body');
  });
});

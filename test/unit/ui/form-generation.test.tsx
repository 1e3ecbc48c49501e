// @vitest-environment happy-dom
// Parameter forms generated from node JSON Schemas, and the fixed/expression switch per field.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expressionToFixed, fixedToExpression, modeOf } from '../../../ui/src/forms/param-mode.ts';
import { fieldsFromSchema } from '../../../ui/src/forms/schema-fields.ts';
import { SchemaForm } from '../../../ui/src/forms/schema-form.tsx';
import { defaultParams, paramFields } from '../../../ui/src/workflow/node-catalog.ts';
import { nodeType } from './node-catalog-fixture.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('fields from a node JSON Schema', () => {
  it('maps every http.request parameter to a suitable control', () => {
    const fields = paramFields(nodeType('http.request'));
    const kinds = Object.fromEntries(fields.map((field) => [field.name, field.kind]));
    expect(kinds).toEqual({
      method: 'enum',
      url: 'text',
      headers: 'keyValue',
      query: 'keyValue',
      body: 'json',
      bodyType: 'enum',
      timeout: 'text',
      successStatuses: 'text',
      followRedirects: 'boolean',
    });
    const url = fields.find((field) => field.name === 'url')!;
    expect(url).toMatchObject({ label: 'URL', required: true });
    expect(fields.find((field) => field.name === 'method')!.options.map((option) => option.value)).toContain('POST');
  });

  it('treats the transform expression as JSONata and the if condition as a boolean', () => {
    expect(paramFields(nodeType('transform')).map((field) => [field.name, field.kind])).toEqual([
      ['expression', 'jsonata'],
    ]);
    expect(paramFields(nodeType('if')).map((field) => [field.name, field.kind])).toEqual([['condition', 'boolean']]);
  });

  it('starts a boolean described as an expression (the if condition) as an empty expression', () => {
    expect(defaultParams(nodeType('if'))).toEqual({ condition: '=' });
    expect(modeOf('boolean', defaultParams(nodeType('if')).condition)).toBe('expression');
    const [plain, computed, flagged] = fieldsFromSchema({
      properties: {
        notify: { type: 'boolean', description: 'Send a notification.' },
        check: { type: 'boolean', description: 'An expression that decides.' },
        label: { type: 'string', 'x-expression': true },
      },
    });
    expect([plain.startsAsExpression, computed.startsAsExpression, flagged.startsAsExpression]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('reads titles, enum labels, const alternatives and multiline hints from the schema', () => {
    const fields = fieldsFromSchema({
      type: 'object',
      required: ['channel'],
      properties: {
        channel: {
          type: 'string',
          oneOf: [
            { const: 'ops', title: 'Operations' },
            { const: 'dev', title: 'Developers' },
          ],
        },
        text: { type: 'string' },
        retries: { type: 'integer', minimum: 0, maximum: 5, default: 2 },
        tags: { type: 'array', items: { type: 'string' } },
        options: { type: 'object', properties: { a: { type: 'string' } } },
        notifyOwner: { type: 'boolean' },
      },
    });
    expect(fields.map((field) => [field.name, field.kind, field.label])).toEqual([
      ['channel', 'enum', 'Channel'],
      ['text', 'multiline', 'Text'],
      ['retries', 'integer', 'Retries'],
      ['tags', 'list', 'Tags'],
      ['options', 'json', 'Options'],
      ['notifyOwner', 'boolean', 'Notify owner'],
    ]);
    expect(fields[0].options).toEqual([
      { value: 'ops', label: 'Operations' },
      { value: 'dev', label: 'Developers' },
    ]);
    expect(fields[0].required).toBe(true);
    expect(fields[2]).toMatchObject({ minimum: 0, maximum: 5, defaultValue: 2 });
  });

  it('fills a new step with the schema defaults', () => {
    expect(defaultParams(nodeType('http.request'))).toEqual({
      method: 'GET',
      bodyType: 'json',
      timeout: '30s',
      successStatuses: '200-299',
      followRedirects: true,
    });
  });
});

describe('switching a field between a fixed value and an expression', () => {
  it('keeps the meaning of the value in both directions', () => {
    expect(fixedToExpression('text', 'https://x.test')).toBe('="https://x.test"');
    expect(expressionToFixed('text', '="https://x.test"')).toBe('https://x.test');
    expect(fixedToExpression('number', 5)).toBe('=5');
    expect(expressionToFixed('integer', '=5')).toBe(5);
    expect(fixedToExpression('keyValue', { a: '1' })).toBe('={"a":"1"}');
    expect(expressionToFixed('keyValue', '={"a":"1"}')).toEqual({ a: '1' });
    expect(fixedToExpression('text', undefined)).toBe('=');
  });

  it('clears the field when an expression is not a literal of its type', () => {
    expect(expressionToFixed('text', '=trigger.body.url')).toBeUndefined();
    expect(expressionToFixed('boolean', '="yes"')).toBeUndefined();
  });

  it('escapes fixed text that starts with = so it is not read as an expression', () => {
    expect(modeOf('text', '==literal')).toBe('fixed');
    expect(modeOf('text', '=steps.a')).toBe('expression');
    expect(fixedToExpression('text', '==literal')).toBe('="=literal"');
    expect(expressionToFixed('text', '="=literal"')).toBe('==literal');
  });
});

describe('<SchemaForm>', () => {
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

  const render = (values: Record<string, unknown>, onChange = vi.fn()) => {
    act(() =>
      root.render(
        <SchemaForm
          fields={paramFields(nodeType('http.request'))}
          values={values}
          onChange={onChange}
          problems={{ url: ['URL is required.'] }}
          paths={[]}
          scope={{}}
          idPrefix="param-call"
        />,
      ),
    );
    return onChange;
  };

  it('renders a labelled control per parameter, with required marks and problems', () => {
    render({ method: 'POST' });
    const url = host.querySelector<HTMLInputElement>('#param-call-url')!;
    expect(host.querySelector('label[for="param-call-url"]')?.textContent).toContain('URL');
    expect(host.querySelector('[data-testid="param-url"] .required')).not.toBeNull();
    expect(url.getAttribute('aria-required')).toBe('true');
    expect(host.querySelector('[data-testid="param-url"] [role="alert"]')?.textContent).toBe('URL is required.');
    const method = host.querySelector<HTMLSelectElement>('#param-call-method')!;
    expect(method.options[method.selectedIndex].textContent).toBe('POST');
    expect(host.querySelectorAll('.mode-toggle')).toHaveLength(9);
  });

  it('reports typed values and mode switches through onChange', () => {
    const onChange = render({ url: 'https://api.test/orders' });
    const url = host.querySelector<HTMLInputElement>('#param-call-url')!;
    act(() => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(url, 'https://api.test/v2');
      url.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(onChange).toHaveBeenLastCalledWith('url', 'https://api.test/v2');

    const toggle = [...host.querySelectorAll<HTMLButtonElement>('[data-testid="param-url"] .mode-toggle button')].find(
      (button) => button.textContent === 'Expression',
    )!;
    act(() => toggle.click());
    expect(onChange).toHaveBeenLastCalledWith('url', '="https://api.test/orders"');
  });

  it('shows an expression editor and a live preview for a field in expression mode', async () => {
    render({ url: '="https://api.test/" & trigger.body.id' });
    const field = host.querySelector('[data-testid="param-url"]')!;
    expect(field.querySelector('[data-testid="expression-url"] .cm-content')?.textContent).toBe(
      '"https://api.test/" & trigger.body.id',
    );
    expect(field.querySelector('.mode-toggle [aria-pressed="true"]')?.textContent).toBe('Expression');
    await vi.waitFor(() =>
      expect(field.querySelector('[data-testid="preview-url"] pre')?.textContent).toBe('"https://api.test/"'),
    );
  });
});

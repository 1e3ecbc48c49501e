// @vitest-environment happy-dom
// Tags: the editor's tag field (add with Enter or a comma, remove, refuse what the schema would
// refuse, in words) and the workflow list's search and tag filter.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TagsField } from '../../../ui/src/editor/settings/tags-field.tsx';
import { allTags, filterWorkflows } from '../../../ui/src/workflow/tags.ts';
import { WorkflowFilters } from '../../../ui/src/workflows-page/workflow-filters.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const items = [
  { id: 'shop-orders', name: 'Shop orders → CRM', document: { tags: ['shop', 'crm'] } },
  { id: 'stripe-refunds', name: 'Refunds', document: { tags: ['billing'] } },
  { id: 'pager', name: 'Alert routing', document: {} },
];

function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('the list filter', () => {
  it('searches name and id in any case, and filters by one tag', () => {
    expect(allTags(items)).toEqual(['billing', 'crm', 'shop']);
    expect(filterWorkflows(items, 'crm', null).map((item) => item.id)).toEqual(['shop-orders']);
    expect(filterWorkflows(items, 'STRIPE', null).map((item) => item.id)).toEqual(['stripe-refunds']);
    expect(filterWorkflows(items, '  ', 'billing').map((item) => item.id)).toEqual(['stripe-refunds']);
    expect(filterWorkflows(items, 'alert', 'billing')).toEqual([]);
    expect(filterWorkflows(items, '', null)).toHaveLength(3);
  });
});

describe('tag components', () => {
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('adds tags with Enter or a comma, removes them, and says why one is refused', () => {
    let tags: string[] = ['shop'];
    const render = () =>
      act(() =>
        root.render(
          <TagsField
            tags={tags}
            onChange={(next) => {
              tags = next;
              render();
            }}
          />,
        ),
      );
    render();
    const input = container.querySelector('input') as HTMLInputElement;
    act(() => type(input, ' crm '));
    act(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(tags).toEqual(['shop', 'crm']);
    act(() => type(input, 'eu,'));
    expect(tags).toEqual(['shop', 'crm', 'eu']);

    act(() => type(input, 'SHOP'));
    act(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(tags).toEqual(['shop', 'crm', 'eu']);
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('"SHOP" is already a tag.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    act(() => type(input, 'x'.repeat(41)));
    act(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Keep a tag to 40 characters.');

    act(() => (container.querySelector('[aria-label="Remove tag crm"]') as HTMLButtonElement).click());
    expect(tags).toEqual(['shop', 'eu']);
  });

  it('offers every tag as a filter and reports how many workflows are hidden', () => {
    let tag: string | null = null;
    const render = () =>
      act(() =>
        root.render(
          <WorkflowFilters
            query=""
            onQuery={() => {}}
            tags={allTags(items)}
            tag={tag}
            onTag={(next) => {
              tag = next;
              render();
            }}
            shown={filterWorkflows(items, '', tag).length}
            total={items.length}
          />,
        ),
      );
    render();
    const chip = (name: string) =>
      [...container.querySelectorAll('button')].find((button) => button.textContent === name) as HTMLButtonElement;
    expect(container.querySelector('[data-testid="filter-count"]')).toBeNull();
    act(() => chip('billing').click());
    expect(tag).toBe('billing');
    expect(chip('billing').getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('[data-testid="filter-count"]')?.textContent).toBe('1 of 3 shown');
    act(() => chip('billing').click());
    expect(tag).toBeNull();
  });
});

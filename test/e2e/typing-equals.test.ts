// Issue 13 item 1 in Chromium: typing `=` (as the field hints suggest) starts an expression and
// keeps the caret there; an `if` condition stays an expression; a literal `=` needs `==` typed
// deliberately in a fixed field. What is saved is what the form showed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

describe('typing = in the step forms', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;

  beforeAll(async () => {
    hookflow = await startHookflow();
    const workflow = {
      id: 'typing',
      name: 'Typing',
      trigger: { type: 'webhook' },
      steps: [
        { id: 'shape', type: 'transform', params: { expression: "{ 'total': trigger.body.total }" } },
        { id: 'check', type: 'if', params: { condition: '=true' } },
        { id: 'call', type: 'http.request', params: { method: 'POST', url: 'https://api.example.com/orders' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'check' },
        { from: 'check', to: 'call', branch: 'true' },
      ],
    };
    expect((await hookflow.api('/api/workflows', { body: workflow })).status).toBe(201);
    browser = await openBrowser(hookflow.url, 'typing-equals');
    await browser.page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('switches a fixed field to an expression on =, keeps typing in it, and saves =…', async () => {
    const { page } = browser;
    await page.goto(`${hookflow.url}/workflows/typing`);
    await page.getByTestId('node-call').click();

    // The HTTP body starts empty in Fixed mode: `=` switches it, the rest lands in the editor.
    const body = page.getByTestId('param-body');
    await body.locator('textarea').click();
    await page.keyboard.type('=steps.shape');
    const editor = page.getByTestId('expression-body').locator('.cm-content');
    await expect.poll(() => editor.textContent()).toBe('steps.shape');
    expect(await editor.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(
      true,
    );
    await browser.screenshot('01-body-expression');

    // The if condition is an expression already; typing the hint's `=` first keeps it one.
    await page.getByTestId('node-check').click();
    const condition = page.getByTestId('expression-condition').locator('.cm-content');
    await condition.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('=steps.shape.total > 100');
    await expect.poll(() => condition.textContent()).toBe('steps.shape.total > 100');
    expect(await page.getByTestId('param-condition').locator('input[type="checkbox"]').count()).toBe(0);
    await browser.screenshot('02-condition');

    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    const saved = (await hookflow.api('/api/workflows/typing')).body.document;
    const params = Object.fromEntries(saved.steps.map((s: { id: string; params: unknown }) => [s.id, s.params]));
    expect(params.call.body).toBe('=steps.shape');
    expect(params.check.condition).toBe('=steps.shape.total > 100');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('keeps a literal = only when == is typed in a fixed text field', async () => {
    const { page } = browser;
    await page.getByTestId('node-call').click();
    const url = page.getByTestId('param-url').locator('input');
    await url.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('==literal');
    await expect.poll(() => url.inputValue()).toBe('=literal');
    await browser.screenshot('03-literal');
  });
});

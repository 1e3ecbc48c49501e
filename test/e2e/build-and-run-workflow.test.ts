// The editor's main path, end to end: build a workflow on the canvas, preview JSONata on a
// sample, save, activate, copy the trigger URL, call it, and read the execution on the canvas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';
import { connectHandles, dragFromPalette, handle } from './support/canvas.ts';

const SAMPLE = {
  id: 1042,
  customer: { email: 'Ada@Example.com', name: 'Ada Lovelace' },
  items: [
    { sku: 'tea', price: 4.5, quantity: 2 },
    { sku: 'cup', price: 12, quantity: 1 },
  ],
};
const EXPRESSION =
  "{ 'orderId': $string(trigger.body.id), 'email': $lowercase(trigger.body.customer.email), 'total': $sum(trigger.body.items.(price * quantity)) }";

describe('building and running a workflow in the editor', () => {
  let hookflow: TestHookflow;
  let sink: Sink;
  let browser: TestBrowser;

  beforeAll(async () => {
    sink = await startSink();
    hookflow = await startHookflow({ SSRF_ALLOW: '127.0.0.1/32,localhost' });
    browser = await openBrowser(hookflow.url, 'build');
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
    await sink?.close();
  });

  it('creates a workflow by dragging nodes onto the canvas and connecting them', async () => {
    const { page } = browser;
    await page.goto(hookflow.url);
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();
    await browser.screenshot('01-empty-list');

    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Name').fill('Order to sink');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('node-trigger').waitFor();

    await dragFromPalette(page, 'transform', { x: 560, y: 200 });
    await page.getByTestId('node-transform').waitFor();
    await dragFromPalette(page, 'http.request', { x: 560, y: 500 });
    await page.getByTestId('node-httpRequest').waitFor();

    await connectHandles(page, handle(page, 'trigger', 'main'), handle(page, 'transform', 'in'));
    await connectHandles(page, handle(page, 'transform', 'main'), handle(page, 'httpRequest', 'in'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await browser.screenshot('02-nodes-connected');
  });

  it('previews a JSONata expression on a pasted sample as it is typed', async () => {
    const { page } = browser;
    await page.getByTestId('node-trigger').click();
    await page.getByText('Paste a sample payload').click();
    await page.getByTestId('sample-input').fill(JSON.stringify(SAMPLE));
    await page.getByTestId('use-sample').click();
    await page.getByTestId('current-sample').waitFor();

    await page.getByTestId('node-transform').click();
    const editor = page.getByTestId('expression-expression').locator('.cm-content');
    await editor.click();
    await page.keyboard.type('trigger.body.cust');
    // Field paths from the sample are offered while typing.
    await page.locator('.cm-tooltip-autocomplete').getByText('trigger.body.customer').waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('.email');
    const preview = page.getByTestId('preview-expression');
    await expect.poll(() => preview.textContent()).toContain('"Ada@Example.com"');
    await browser.screenshot('03-preview-path');

    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(EXPRESSION);
    await expect.poll(() => preview.textContent()).toContain('"total": 21');
    expect(await preview.textContent()).toContain('"email": "ada@example.com"');
    await browser.screenshot('04-preview-object');
  });

  it('configures the HTTP request with an expression that previews the upstream output', async () => {
    const { page } = browser;
    await page.getByTestId('node-httpRequest').click();
    const panel = page.getByTestId('step-panel');
    await panel.getByLabel('URL').fill(`${sink.url}/orders`);
    await panel.getByLabel('Method').selectOption({ label: 'POST' });
    const body = panel.getByTestId('param-body');
    await body.getByRole('button', { name: 'Expression' }).click();
    await body.locator('.cm-content').click();
    await page.keyboard.insertText('steps.transform');
    await expect.poll(() => page.getByTestId('preview-body').textContent()).toContain('"orderId": "1042"');
    await expect.poll(() => page.getByTestId('problems-summary').textContent()).toContain('No problems');
    await browser.screenshot('05-http-request');
  });

  it('saves, activates, copies the trigger URL and runs the workflow from it', async () => {
    const { page } = browser;
    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    expect(new URL(page.url()).pathname).toBe('/workflows/order-to-sink');

    await page.getByTestId('active-toggle').click();
    await expect.poll(() => page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('true');

    await page.getByTestId('node-trigger').click();
    await page.getByTestId('copy-trigger-url').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.getByTestId('trigger-url').inputValue());
    expect(copied).toMatch(/\/hooks\/[^/]+$/);
    await browser.screenshot('06-saved-active');

    const response = await fetch(copied, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SAMPLE),
    });
    expect(response.status).toBe(202);
    const [delivered] = await sink.waitFor(1);
    expect(delivered.json).toEqual({ orderId: '1042', email: 'ada@example.com', total: 21 });
  });

  it('shows the execution appear and opens it with both steps green and their outputs', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Executions' }).click();
    const item = page.getByTestId('execution-item').first();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('succeeded');
    await item.click();

    await expect.poll(() => page.getByTestId('node-transform').getAttribute('data-run-status')).toBe('succeeded');
    expect(await page.getByTestId('node-httpRequest').getAttribute('data-run-status')).toBe('succeeded');
    await page.getByTestId('execution-details').waitFor();
    await browser.screenshot('07-execution-overlay');

    await page.getByTestId('node-transform').click();
    await expect
      .poll(() => page.getByTestId('run-output-transform').textContent())
      .toContain('"email": "ada@example.com"');
    await page.getByTestId('node-httpRequest').click();
    await expect.poll(() => page.getByTestId('run-output-httpRequest').textContent()).toContain('"status": 200');
    await browser.screenshot('08-step-output');
    expect(browser.consoleErrors).toEqual([]);
  });
});

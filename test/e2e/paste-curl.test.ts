// Paste cURL in Chromium: a command copied from API docs fills the HTTP request step, its
// bearer token becomes a stored credential through the prefilled dialog (never a header),
// and the saved workflow carries method, URL, query, headers, body and the credential name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const TOKEN = 'sk_live_pasted_0123456789';

let hookflow: TestHookflow;
let browser: TestBrowser;

beforeAll(async () => {
  hookflow = await startHookflow();
  const created = await hookflow.api('/api/workflows', {
    body: {
      id: 'orders',
      name: 'Orders',
      trigger: { type: 'webhook' },
      steps: [{ id: 'call', type: 'http.request', params: { url: 'https://old.example/x' } }],
      edges: [{ from: 'trigger', to: 'call' }],
    },
  });
  expect(created.status).toBe(201);
  browser = await openBrowser(hookflow.url, 'paste-curl');
});
afterAll(async () => {
  await browser?.close();
  await hookflow?.close();
});

describe('paste a cURL command into an HTTP request step', () => {
  it('fills the step, offers the token as a credential and saves both', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hookflow.url}/workflows/orders`);
    await page.getByTestId('node-call').click();
    const panel = page.getByTestId('step-panel');
    await panel.getByRole('button', { name: 'Paste cURL…' }).click();
    await panel.getByLabel('cURL command').fill(
      `curl -X POST 'https://api.example.com/v1/orders?page=2' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer ${TOKEN}' \\
  -H 'X-Trace: abc' \\
  --data-raw '{"sku":"A-1","qty":3}'`,
    );
    await panel.getByRole('button', { name: 'Fill the step' }).click();
    const status = panel.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('method, URL, query parameters, headers, body (json)');
    expect(
      await panel
        .getByLabel(/^URL\b/)
        .first()
        .inputValue(),
    ).toBe('https://api.example.com/v1/orders');

    await status.getByRole('button', { name: 'Create a credential from it…' }).click();
    const dialog = page.getByTestId('credential-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Type').locator('option').allTextContents()).toEqual(['Bearer token']);
    expect(await dialog.getByLabel('Name *').inputValue()).toBe('api.example.com-token');
    expect(await dialog.getByLabel('Token', { exact: false }).inputValue()).toBe(TOKEN);
    await browser.screenshot('01-dialog-1280');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => status.textContent())
      .toContain('authenticates with the credential “api.example.com-token”');
    await browser.screenshot('02-filled-1280');

    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    const saved = await hookflow.api('/api/workflows/orders');
    expect(saved.status).toBe(200);
    const step = saved.body.document.steps.find((s: { id: string }) => s.id === 'call');
    expect(step).toMatchObject({
      credential: 'api.example.com-token',
      params: {
        method: 'POST',
        url: 'https://api.example.com/v1/orders',
        query: { page: '2' },
        headers: { 'x-trace': 'abc' },
        bodyType: 'json',
        body: { sku: 'A-1', qty: 3 },
      },
    });
    expect(JSON.stringify(saved.body)).not.toContain(TOKEN);
    expect((await hookflow.vault.raw('api.example.com-token'))?.data).toEqual({ token: TOKEN });
    expect(browser.consoleErrors).toEqual([]);
  });
});

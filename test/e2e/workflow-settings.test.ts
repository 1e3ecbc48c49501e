// The Settings tab: edit the workflow document's settings (error workflow, concurrency, timeout,
// an alert webhook), see an invalid duration flagged inline, save, and read them back from the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const workflow = (id: string, name: string) => ({
  id,
  name,
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: 'trigger.body' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
});

describe('workflow settings in the editor', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;

  beforeAll(async () => {
    hookflow = await startHookflow();
    for (const [id, name] of [
      ['orders', 'Orders'],
      ['error-handler', 'Error handler'],
    ]) {
      const created = await hookflow.api('/api/workflows', { method: 'POST', body: workflow(id, name) });
      expect(created.status).toBe(201);
    }
    browser = await openBrowser(hookflow.url, 'settings');
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('sets concurrency, an error workflow and an alert webhook, flags a bad timeout, and saves them', async () => {
    const { page } = browser;
    await page.goto(`${hookflow.url}/workflows/orders`);
    await page.getByTestId('node-trigger').waitFor();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const panel = page.getByTestId('settings-panel');

    await panel.getByLabel('Error workflow').selectOption('error-handler');
    await panel.getByLabel('Max concurrency').fill('4');
    await panel.getByLabel('Timeout').fill('5 minutes');
    await panel.getByText('Must be a duration such as 500ms, 30s, 5m, 2h or 1d.').waitFor();
    expect(await panel.getByLabel('Timeout').getAttribute('aria-invalid')).toBe('true');
    await panel.getByLabel('Timeout').fill('5m');
    await expect.poll(() => panel.getByRole('alert').count()).toBe(0);

    await panel.getByRole('button', { name: 'Add webhook channel' }).click();
    await panel.getByLabel('URL').fill('https://alerts.example.test/hookflow');
    await panel.getByLabel('Dedupe window').fill('30m');
    await panel.getByLabel("Include the trigger's body and query in alerts").check();
    expect(await page.getByTestId('save-state').textContent()).not.toBe('Saved');
    await browser.screenshot('01');

    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    const saved = await hookflow.api('/api/workflows/orders');
    expect(saved.status).toBe(200);
    expect(saved.body.document.settings).toEqual({
      onError: 'error-handler',
      maxConcurrency: 4,
      timeout: '5m',
      alerts: {
        channels: [{ type: 'webhook', url: 'https://alerts.example.test/hookflow' }],
        dedupeWindow: '30m',
        includeInput: true,
      },
    });
    expect(browser.consoleErrors).toEqual([]);
  });

  it('starts a new if step with its condition as an expression, not a checkbox', async () => {
    const { page } = browser;
    await page.getByTestId('node-shape').click();
    await page.getByTestId('palette-if').click();
    await page.getByTestId('node-if').waitFor();
    const condition = page.getByTestId('param-condition');
    await condition.getByTestId('expression-condition').waitFor();
    expect(await condition.getByRole('button', { name: 'Expression' }).getAttribute('aria-pressed')).toBe('true');
    expect(await condition.locator('input[type=checkbox]').count()).toBe(0);
    await condition.getByText('The expression is empty.').waitFor();

    await condition.locator('.cm-content').click();
    await page.keyboard.type('trigger.body.total > 100');
    await expect.poll(() => condition.getByRole('alert').count()).toBe(0);
    await browser.screenshot('02-if-condition');
    expect(browser.consoleErrors).toEqual([]);
  });
});

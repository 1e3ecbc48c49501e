// Editing comfort in Chromium: tags and search on the list, sticky notes, moving a multi-step
// selection together, the diff between two versions, and dark mode, with screenshots at
// 1280×800 and 1920×1080.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const workflow = (id: string, name: string, tags?: string[]) => ({
  id,
  name,
  ...(tags ? { tags } : {}),
  trigger: { type: 'webhook' },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: 'trigger.body' } },
    { id: 'send', type: 'http.request', params: { method: 'POST', url: 'https://a.example.test/in' } },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
  ],
  layout: { trigger: { x: 0, y: 0 }, shape: { x: 280, y: 0 }, send: { x: 560, y: 0 } },
});

const rows = (page: Page) => page.locator('tbody tr');

describe('editing comfort', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;

  beforeAll(async () => {
    hookflow = await startHookflow();
    for (const doc of [
      workflow('shop-orders', 'Shop orders → CRM', ['shop', 'crm']),
      workflow('stripe-refunds', 'Stripe refunds', ['billing']),
      workflow('alert-routing', 'Alert routing'),
    ]) {
      expect((await hookflow.api('/api/workflows', { method: 'POST', body: doc })).status).toBe(201);
    }
    browser = await openBrowser(hookflow.url, 'comfort');
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('searches the list by name or id and filters it by tag', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(hookflow.url);
    await expect.poll(() => rows(page).count()).toBe(3);
    await page.getByLabel('Search workflows by name or id').fill('STRIPE');
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('workflow-row-stripe-refunds').waitFor();
    await page.getByLabel('Search workflows by name or id').fill('');
    await page.getByTestId('workflow-filters').getByRole('button', { name: 'crm', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('workflow-row-shop-orders').waitFor();
    expect(await page.getByTestId('filter-count').textContent()).toBe('1 of 3 shown');
    await browser.screenshot('1280x800-01-list-filtered');
    await page.getByRole('button', { name: 'All tags' }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
  });

  it('adds a tag and a sticky note, moves two steps together, and saves them in the document', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${hookflow.url}/workflows/alert-routing`);
    await page.getByTestId('node-send').waitFor();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Tags', { exact: true }).fill('on-call');
    await page.getByLabel('Tags', { exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Remove tag on-call' }).waitFor();

    await page.getByRole('button', { name: '+ Note' }).click();
    await page.getByTestId('note-note-1').waitFor();
    await page.getByTestId('note-note-1').getByLabel('Note text').fill('Pages the on-call; keep the URL private.');

    // Shift-click two steps, then drag one of them: both move by the same amount.
    await page.getByTestId('node-shape').click();
    await page.getByTestId('node-send').click({ modifiers: ['Shift'] });
    const before = await hookflow.api('/api/workflows/alert-routing');
    const start = await page.getByTestId('node-send').boundingBox();
    if (!start) throw new Error('send is not visible');
    await page.mouse.move(start.x + 40, start.y + 20);
    await page.mouse.down();
    await page.mouse.move(start.x + 40, start.y + 140, { steps: 10 });
    await page.mouse.up();
    await browser.screenshot('1920x1080-02-note-and-moved-selection');

    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    const saved = (await hookflow.api('/api/workflows/alert-routing')).body.document;
    expect(saved.tags).toEqual(['on-call']);
    expect(saved.notes).toEqual([
      expect.objectContaining({ id: 'note-1', text: 'Pages the on-call; keep the URL private.' }),
    ]);
    const oldLayout = before.body.document.layout;
    const dy = saved.layout.send.y - oldLayout.send.y;
    expect(dy).toBeGreaterThan(60);
    expect(saved.layout.shape.y - oldLayout.shape.y).toBe(dy);
    expect(saved.layout.trigger).toEqual(oldLayout.trigger);

    // After a reload the note is still there, with its text.
    await page.reload();
    await expect
      .poll(() => page.getByTestId('note-note-1').getByLabel('Note text').inputValue())
      .toBe('Pages the on-call; keep the URL private.');
  });

  it('compares two versions and shows the parameter that changed', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    const changed = workflow('shop-orders', 'Shop orders → CRM', ['shop', 'crm']);
    changed.steps[1].params.url = 'https://b.example.test/in';
    expect((await hookflow.api('/api/workflows/shop-orders', { method: 'PUT', body: changed })).status).toBe(200);

    await page.goto(`${hookflow.url}/workflows/shop-orders`);
    await page.getByTestId('node-send').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByLabel('Compare version 1').check();
    await page.getByLabel('Compare version 2').check();
    await page.getByRole('button', { name: 'Compare v1 and v2' }).click();
    const diff = page.getByTestId('diff-step-send');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('params.urlhttps://a.example.test/in→https://b.example.test/in');
    await browser.screenshot('1280x800-03-version-diff');
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`follows a dark system theme at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = browser;
      const size = `${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(hookflow.url);
      await expect.poll(() => rows(page).count()).toBe(3);
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background).toBe('rgb(15, 17, 21)');
      await browser.screenshot(`${size}-04-dark-list`);

      await page.goto(`${hookflow.url}/workflows/alert-routing`);
      await page.getByTestId('note-note-1').waitFor();
      await page.getByTestId('node-shape').click();
      await page.getByRole('tab', { name: 'Node' }).waitFor();
      expect(await page.locator('.react-flow.dark').count()).toBe(1);
      await browser.screenshot(`${size}-05-dark-editor`);
      await page.emulateMedia({ colorScheme: 'light' });
      expect(browser.consoleErrors).toEqual([]);
    });
  }
});

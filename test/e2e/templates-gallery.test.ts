// The template gallery end to end: find a template, install it (inactive), and see the
// editor's previews computed on the template's sample at once — no request captured first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

let hookflow: TestHookflow;
let browser: TestBrowser;

beforeAll(async () => {
  hookflow = await startHookflow();
  browser = await openBrowser(hookflow.url, 'templates');
});
afterAll(async () => {
  await browser?.close();
  await hookflow?.close();
});

describe('template gallery', () => {
  it('installs a template inactive and previews its expressions on the sample', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(hookflow.url);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByTestId('template-github-push-to-slack').waitFor();
    expect(await page.locator('.template-card').count()).toBeGreaterThanOrEqual(10);
    await browser.screenshot('01-gallery-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await browser.screenshot('02-gallery-1920');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Search templates').fill('shopify');
    await expect.poll(() => page.locator('.template-card').count()).toBe(2);
    const card = page.getByTestId('template-shopify-order-to-fulfilment');
    expect(await card.textContent()).toContain('needs credentials: shopify-webhook, warehouse-api');
    await card.getByRole('button', { name: 'Use template' }).click();

    await page.waitForURL(/\/workflows\/shopify-order-to-fulfilment$/);
    await page.getByTestId('node-shape').click();
    await expect.poll(() => page.getByTestId('sample-note').textContent()).toContain('latest captured test request');
    const preview = page.getByTestId('preview-expression');
    await expect.poll(() => preview.textContent()).toContain('"MUG-BLK"');
    expect(await preview.textContent()).toContain('"Jon Snow"');
    // Only shippable items reach the warehouse: the gift card is filtered out on the sample.
    expect(await preview.textContent()).not.toContain('GIFT-CARD');
    expect(await page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('false');
    await browser.screenshot('03-installed-preview-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await browser.screenshot('04-installed-preview-1920');

    const stored = await hookflow.store.getWorkflow('shopify-order-to-fulfilment');
    expect(stored).toMatchObject({ active: false, version: 1 });
    expect(browser.consoleErrors).toEqual([]);
  });
});

// Issue 13 item 7: the editor on the screens people have (1280×800 and 1920×1080): a four-node
// flow readable without zooming, auto-layout that fits the view, nothing cut or covered, and
// the small feedback (Copied, scroll position, opening a listed step) that makes it feel right.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../helpers/sessions.ts';
import { type Sink, startSink } from '../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

type Box = { x: number; y: number; width: number; height: number };
const READABLE_ZOOM = 0.75;
const NODES = ['trigger', 'shape', 'check', 'notify'];

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}
function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
async function box(locator: Locator): Promise<Box> {
  const rect = await locator.boundingBox();
  if (!rect) throw new Error('not visible');
  return rect;
}
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
  return Number(/matrix\(([^,]+)/.exec(transform)?.[1] ?? 'NaN');
}
/** Every node fully on the visible canvas (so none under the palette or the side panel). */
async function nodesOnCanvas(page: Page): Promise<boolean> {
  const canvas = await box(page.getByTestId('canvas'));
  for (const id of NODES) if (!inside(await box(page.getByTestId(`node-${id}`)), canvas)) return false;
  return true;
}

describe('editor layout and feedback', () => {
  let hookflow: TestHookflow;
  let sink: Sink;
  let browser: TestBrowser;
  let editUrl = '';

  beforeAll(async () => {
    sink = await startSink();
    hookflow = await startHookflow({ SSRF_ALLOW: '127.0.0.1/32,localhost' });
    const workflow = {
      id: 'four-nodes',
      name: 'Four nodes',
      trigger: { type: 'webhook' },
      steps: [
        { id: 'shape', type: 'transform', params: { expression: "{ 'total': trigger.body.total }" } },
        { id: 'check', type: 'if', params: { condition: '=steps.shape.total > 10' } },
        { id: 'notify', type: 'http.request', params: { method: 'POST', url: sink.url, body: '=steps.shape' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'check' },
        { from: 'check', to: 'notify', branch: 'true' },
      ],
    };
    expect((await hookflow.api('/api/workflows', { body: workflow })).status).toBe(201);
    const active = await hookflow.api('/api/workflows/four-nodes/activate', { method: 'POST' });
    const hit = await fetch(active.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ total: 42 }),
    });
    expect(hit.status).toBe(202);
    for (let i = 0; i < 150 && sink.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sink.requests.length).toBe(1);
    browser = await openBrowser(hookflow.url, 'layout');
    editUrl = `${hookflow.url}/workflows/four-nodes`;
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
    await sink?.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ]) {
    it(`shows a four-node flow whole and readable at ${width}×${height}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await page.goto(editUrl);
      for (const id of NODES) await page.getByTestId(`node-${id}`).waitFor();
      await expect.poll(() => nodesOnCanvas(page)).toBe(true);
      expect(await zoom(page)).toBeGreaterThanOrEqual(READABLE_ZOOM);
      await browser.screenshot(`01-four-nodes-${width}`);

      // Tidy up from a scrambled, zoomed-out canvas: laid out again and fitted to the view.
      await page.getByTestId('canvas').hover();
      for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 400);
      await page.getByRole('button', { name: 'Auto-layout' }).click();
      await expect.poll(() => nodesOnCanvas(page)).toBe(true);
      await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(READABLE_ZOOM);
      await browser.screenshot(`02-auto-layout-${width}`);

      // Palette cards keep their text inside the palette column.
      const column = await box(page.locator('.palette-column'));
      for (const card of await page.locator('.palette-item').all()) {
        const cardBox = await box(card);
        expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(column.x + column.width + 1);
        const clipped = await card.evaluate((el) =>
          [...el.querySelectorAll<HTMLElement>('.palette-title, .palette-type')].some(
            (text) => text.scrollWidth > text.clientWidth + 1,
          ),
        );
        expect(clipped, (await card.textContent()) ?? '').toBe(false);
      }
    });
  }

  it("keeps the if step's problem badge off its true/false labels", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(editUrl);
    await page.getByTestId('node-check').click();
    const condition = page.getByTestId('expression-condition').locator('.cm-content');
    await condition.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('steps.shape.total >');
    const badge = page.locator('[data-testid="node-check"] [data-testid="problem-badge"]');
    await badge.waitFor();
    const badgeBox = await box(badge);
    for (const label of ['true', 'false']) {
      const labelBox = await box(page.locator('[data-testid="node-check"] .output-label', { hasText: label }));
      expect(overlaps(badgeBox, labelBox), `badge covers "${label}"`).toBe(false);
    }
    await page.getByTestId('node-check').screenshot({ path: await browser.screenshot('03-if-badge') });
    await page.keyboard.press('Control+z');
  });

  it('shows one Timeout on an HTTP step and resets the panel scroll for each node', async () => {
    const { page } = browser;
    await page.goto(editUrl);
    await page.getByTestId('node-notify').click();
    const panel = page.locator('.tab-panel');
    await panel.locator('summary', { hasText: 'time limit' }).click();
    const timeouts = panel.locator('label', { hasText: /^Timeout$/ });
    expect(await timeouts.count()).toBe(1);
    await panel.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    expect(await panel.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await browser.screenshot('04-http-scrolled');
    await page.getByTestId('node-trigger').click();
    await expect.poll(() => panel.evaluate((el) => el.scrollTop)).toBe(0);
    await expect.poll(() => page.getByTestId('copy-trigger-url').isVisible()).toBe(true);

    await page.getByTestId('copy-trigger-url').click();
    await expect.poll(() => page.getByTestId('copy-trigger-url').getAttribute('aria-label')).toBe('Copied');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Copied' }).count()).toBe(1);
    await browser.screenshot('05-copied');
  });

  it('lists the run in order and opens a listed step even when it is already selected', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByTestId('execution-item').first().click();
    await page.getByTestId('execution-details').waitFor();
    const order = await page
      .locator('[data-step-link]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-step-link')));
    expect(order).toEqual(['shape', 'check', 'notify']);
    await browser.screenshot('06-execution-steps');

    await page.getByTestId('execution-step-check').click();
    await expect.poll(() => page.getByRole('tab', { name: 'Node' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByTestId('execution-step-check').click();
    await expect.poll(() => page.getByRole('tab', { name: 'Node' }).getAttribute('aria-selected')).toBe('true');
    await browser.screenshot('07-step-opened');
  });

  it('fits the "Create account" label on the first-run form at 1280×800', async () => {
    const fresh = await startHookflow();
    try {
      const { page } = browser;
      await page.goto(fresh.url);
      await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
      const button = page.getByRole('button', { name: 'Create account' });
      expect(await button.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      const labelColumn = await box(page.locator('.sign-in-form label').first());
      expect((await box(button)).x).toBeGreaterThan(labelColumn.x + labelColumn.width);
      await browser.screenshot('08-create-account');
    } finally {
      await fresh.close();
    }
  });

  it('gives the sign-in button and error room at 1280×800', async () => {
    const viewer = await addUser(hookflow, 'viewer@example.com', 'viewer');
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(hookflow.url);
    await page.getByRole('heading', { name: 'Sign in to Hookflow' }).waitFor();
    await page.getByLabel('E-mail').fill(viewer.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    const labelColumn = await box(page.locator('.sign-in-form label').first());
    const errorBox = await box(error);
    expect(errorBox.x).toBeGreaterThan(labelColumn.x + labelColumn.width);
    expect(errorBox.height).toBeLessThan(60);
    const button = page.getByRole('button', { name: 'Sign in' });
    expect(await button.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await browser.screenshot('09-sign-in-error');
    // Sign-in failures are expected 401s.
    browser.consoleErrors.splice(
      0,
      browser.consoleErrors.length,
      ...browser.consoleErrors.filter((e) => !e.includes('401')),
    );
  });
});

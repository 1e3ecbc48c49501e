// The daily loop of issue 13 in Chromium: a workflow is run on a sample while inactive and
// unsaved, fixed, run again, activated, called for real, fixed after a failed production run
// and retried with the current version — every attempt staying visible; then 200 executions
// paged and searched, in the workflow and across all workflows. Screenshots at 1280×800 and
// 1920×1080.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const SMALL = { width: 1280, height: 800 };
const LARGE = { width: 1920, height: 1080 };

describe('test runs, retries and executions at scale in the editor', () => {
  let hookflow: TestHookflow;
  let sink: Sink;
  let browser: TestBrowser;
  let triggerUrl: string;

  const shots = async (name: string) => {
    const { page } = browser;
    await page.setViewportSize(SMALL);
    await browser.screenshot(`${name}-1280`);
    await page.setViewportSize(LARGE);
    await browser.screenshot(`${name}-1920`);
    await page.setViewportSize(SMALL);
  };

  beforeAll(async () => {
    sink = await startSink();
    hookflow = await startHookflow({ SSRF_ALLOW: '127.0.0.1/32,localhost' });
    const created = await hookflow.api('/api/workflows', {
      body: {
        id: 'run-loop',
        name: 'Run loop',
        active: false,
        trigger: { type: 'webhook' },
        steps: [
          { id: 'shape', type: 'transform', params: { expression: '$error("total is missing")' } },
          {
            id: 'send',
            type: 'http.request',
            params: { url: `${sink.url}/orders`, method: 'POST', body: '=steps.shape' },
          },
        ],
        edges: [
          { from: 'trigger', to: 'shape' },
          { from: 'shape', to: 'send' },
        ],
        layout: { shape: { x: 320, y: 120 }, send: { x: 320, y: 300 } },
      },
    });
    expect(created.status).toBe(201);
    triggerUrl = created.body.triggerUrl;
    browser = await openBrowser(hookflow.url, 'run-loop');
    await browser.page.setViewportSize(SMALL);
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
    await sink?.close();
  });

  it('runs the inactive workflow on a sample, is fixed without saving, and runs again', async () => {
    const { page } = browser;
    await page.goto(`${hookflow.url}/workflows/run-loop`);
    await page.getByTestId('node-shape').waitFor();

    await page.getByTestId('test-run-button').click();
    await page.getByTestId('test-run-body').fill(JSON.stringify({ price: 5, qty: 3 }));
    await page.getByTestId('test-run-start').click();
    await expect.poll(() => page.getByTestId('node-shape').getAttribute('data-run-status')).toBe('failed');
    await expect.poll(() => page.getByTestId('execution-details').textContent()).toContain('total is missing');
    expect(await page.getByTestId('test-run-tag').textContent()).toContain('test run');
    await shots('01-test-run-failed');

    await page.getByTestId('node-shape').click();
    const editor = page.getByTestId('expression-expression').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('{ "total": trigger.body.price * trigger.body.qty }');
    // Run again: the input of the open run is offered, ready to edit.
    await page.getByTestId('test-run-button').click();
    expect(JSON.parse(await page.getByTestId('test-run-body').inputValue())).toEqual({ price: 5, qty: 3 });
    await page.getByTestId('test-run-start').click();
    await expect.poll(() => page.getByTestId('node-send').getAttribute('data-run-status')).toBe('succeeded');
    expect(page.getByTestId('node-shape')).toBeTruthy();
    const [delivered] = await sink.waitFor(1);
    expect(delivered.json).toEqual({ total: 15 });
    // Nothing went live: still inactive, the fix not even saved.
    expect(await page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('save-state').textContent()).toBe('Unsaved changes');
    const wf = await hookflow.api('/api/workflows/run-loop');
    expect(wf.body).toMatchObject({ active: false, version: 1 });
    await shots('02-test-run-fixed');

    // Run this step: only `send` runs again, on the outputs of the run that is open.
    const before = sink.requests.length;
    await page.getByTestId('node-send').click();
    await page.getByTestId('run-step-send').click();
    await sink.waitFor(before + 1);
    await expect.poll(() => page.getByTestId('execution-details').textContent()).toContain('test run');
    await expect.poll(() => page.getByTestId('node-send').getAttribute('data-run-status')).toBe('succeeded');
    expect(sink.requests.at(-1)?.json).toEqual({ total: 15 });
  });

  it('activates, fails for real, is fixed, and retries with the current version keeping the failed attempt', async () => {
    const { page } = browser;
    await page.getByTestId('active-toggle').click();
    await expect.poll(() => page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('true');
    // The receiving side now insists on its new endpoint.
    sink.reply = (req) =>
      req.url === '/orders-v2' ? { status: 200, body: { ok: true } } : { status: 422, body: { error: 'moved' } };
    const res = await fetch(triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ price: 7, qty: 2 }),
    });
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };

    await page.getByRole('tab', { name: 'Executions' }).click();
    const item = page.getByTestId('execution-item').first();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toContain('failed');
    await item.click();
    await expect.poll(() => page.getByTestId('node-send').getAttribute('data-run-status')).toBe('failed');
    await shots('03-production-failed');

    await page.getByTestId('node-send').click();
    // `send` may still be selected from "Run this step": then the click keeps the tab (issue 13, item 7).
    await page.getByRole('tab', { name: 'Node' }).click();
    await page.getByTestId('step-panel').getByLabel('URL').fill(`${sink.url}/orders-v2`);
    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');

    await page.getByRole('tab', { name: 'Executions' }).click();
    // The run used v2; the fix is v3: "current" is offered and chosen by default.
    await expect.poll(() => page.getByTestId('rerun-version').inputValue()).toBe('current');
    expect(await page.getByTestId('rerun-version').textContent()).toContain('current version (v3)');
    await page.getByTestId('retry-button').click();
    await expect.poll(() => page.getByTestId('node-send').getAttribute('data-run-status')).toBe('succeeded');
    await expect.poll(() => page.getByTestId('ran-version').textContent()).toContain('ran version 3 (current)');
    await expect.poll(() => page.getByTestId('attempts').textContent()).toContain('Attempt 1 · version 2');
    expect(await page.getByTestId('attempts').textContent()).toContain('moved');
    const done = await hookflow.api(`/api/executions/${executionId}`);
    expect(done.body).toMatchObject({ status: 'succeeded', workflowVersion: 3, attempt: 2 });
    expect(sink.requests.at(-1)?.url).toBe('/orders-v2');
    await shots('04-retried-current-version');
  });

  it('pages through 200 executions and finds one by payload text and by id', async () => {
    const { page } = browser;
    sink.reply = () => ({ status: 200, body: { ok: true } });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(triggerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price: i, qty: 1, customer: `customer-${i}@shop.test` }),
      });
      ids.push(((await res.json()) as { executionId: string }).executionId);
    }
    // 200 + the failed-then-retried run + three test runs.
    const total = 204;
    const items = page.getByTestId('execution-item');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(30);
    for (let round = 0; round < 20 && (await items.count()) < total; round++) {
      const more = page.getByTestId('load-more');
      // Scrolling to the end also loads the next page, so the button may go away under the click.
      if (await more.isVisible()) await more.click({ timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(200);
    }
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(total);
    expect(await page.getByTestId('load-more').count()).toBe(0);
    await page.getByText(`${total} shown`).scrollIntoViewIfNeeded();
    await shots('05-paged-to-the-end');

    await page.getByTestId('execution-search').fill('customer-117@');
    await expect.poll(() => items.count()).toBe(1);
    await items.first().click();
    await expect.poll(() => page.getByTestId('execution-details').textContent()).toContain(ids[117].slice(-8));
    await shots('06-found-by-payload');

    await page.goto(`${hookflow.url}/executions`);
    const rows = page.getByTestId('all-executions-row');
    await expect.poll(() => rows.count()).toBe(30);
    await page.getByTestId('execution-search').fill(ids[42]);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('run-loop');
    await shots('07-all-executions-by-id');
    await rows.first().getByRole('link').click();
    await expect.poll(() => page.getByTestId('execution-details').textContent()).toContain(ids[42].slice(-8));
    expect(browser.consoleErrors).toEqual([]);
  });

  it('saves a half-built step as a draft, lists its problem with a link to the field, and blocks only activation', async () => {
    const { page } = browser;
    await page.goto(`${hookflow.url}/workflows/run-loop`);
    await page.getByTestId('node-send').click();
    const url = page.getByTestId('step-panel').getByLabel('URL');
    await url.fill('');
    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    await expect
      .poll(() => page.locator('.toast, [role="status"]').allTextContents())
      .toContainEqual(expect.stringContaining('Saved as a draft with 1 problem'));
    const stored = await hookflow.api('/api/workflows/run-loop');
    expect(stored.body).toMatchObject({ version: 3, active: true });
    expect(stored.body.draft.problems[0].pointer).toBe('/steps/1/params/url');

    // Reopened, the editor continues from the draft; the problem links to its field.
    await page.reload();
    await page.getByTestId('node-shape').click();
    await page.getByTestId('problems-summary').getByRole('button').first().click();
    await page.getByTestId('problem-link').first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('param-send-url');
    expect(await page.getByTestId('step-panel').getByLabel('URL').inputValue()).toBe('');
    // Focusing the field scrolls the side panel, never the page under the toolbar.
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
    await shots('08-draft-problem-focused');

    // Deactivating is fine; activating waits for the fix.
    await page.getByTestId('active-toggle').click();
    await expect.poll(() => page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('false');
    await page.getByTestId('active-toggle').click();
    await expect
      .poll(() => page.locator('.toast, [role="status"]').allTextContents())
      .toContainEqual(expect.stringContaining('Could not activate'));
    expect(await page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('false');
    await shots('09-activation-blocked');

    await page.getByTestId('step-panel').getByLabel('URL').fill(`${sink.url}/orders-v2`);
    await page.getByTestId('active-toggle').click();
    await expect.poll(() => page.getByTestId('active-toggle').getAttribute('aria-checked')).toBe('true');
    const fixed = await hookflow.api('/api/workflows/run-loop');
    expect(fixed.body).toMatchObject({ active: true, draft: null });
    expect(browser.consoleErrors.filter((e) => !e.includes('409'))).toEqual([]);
  });
});

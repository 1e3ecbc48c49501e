// Importing workflow files: one from `workflows/` keeps its layout; one without `layout` is
// laid out automatically, left to right in execution order.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const WORKFLOWS = path.join(import.meta.dirname, '..', '..', 'workflows');

async function box(page: Page, nodeId: string) {
  const rect = await page.getByTestId(`node-${nodeId}`).boundingBox();
  if (!rect) throw new Error(`node ${nodeId} is not visible`);
  return rect;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('importing workflow files', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;
  const files = tempDir('hookflow-import-');

  beforeAll(async () => {
    hookflow = await startHookflow();
    browser = await openBrowser(hookflow.url, 'import');
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
    files.cleanup();
  });

  it('imports a file from workflows/ and shows it laid out with named branches', async () => {
    const { page } = browser;
    await page.goto(hookflow.url);
    await page.getByTestId('import-file').setInputFiles(path.join(WORKFLOWS, 'alert-severity-router.json'));
    await page.waitForURL('**/workflows/alert-severity-router');
    const ids = ['trigger', 'normalise', 'urgent', 'page', 'digest'];
    for (const id of ids) await page.getByTestId(`node-${id}`).waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);

    const boxes = await Promise.all(ids.map((id) => box(page, id)));
    const [trigger, normalise, urgent, pager, digest] = boxes;
    expect(trigger.x).toBeLessThan(normalise.x);
    expect(normalise.x).toBeLessThan(urgent.x);
    expect(urgent.x).toBeLessThan(pager.x);
    expect(pager.y).toBeLessThan(digest.y);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    // The if step's outputs are drawn as named handles, and its edges are labelled.
    await page.locator('[data-testid="node-urgent"] .output-label', { hasText: 'true' }).waitFor();
    await page.locator('[data-testid="node-urgent"] .output-label', { hasText: 'false' }).waitFor();
    await expect.poll(() => page.getByTestId('problems-summary').textContent()).toContain('No problems');
    await browser.screenshot('01-imported-with-layout');
  });

  it('never puts an imported workflow live: new and "as a copy" are inactive, whatever the file says', async () => {
    const { page } = browser;
    const original = JSON.parse(readFileSync(path.join(WORKFLOWS, 'alert-severity-router.json'), 'utf8'));
    const file = path.join(files.dir, 'alert-live.json');
    writeFileSync(file, JSON.stringify({ ...original, name: 'Alert router (live in git)', active: true }));
    expect((await hookflow.api('/api/workflows/alert-severity-router')).body.active).toBe(false);

    await page.getByRole('link', { name: '← Workflows' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-conflict-dialog').waitFor();
    await page.getByRole('button', { name: 'Import as a copy' }).click();
    await page.waitForURL('**/workflows/alert-severity-router-2');
    const copy = await hookflow.api('/api/workflows/alert-severity-router-2');
    expect([copy.status, copy.body.active]).toEqual([200, false]);
    const hit = await fetch(copy.body.triggerUrl, { method: 'POST', body: '{}' });
    expect(hit.status).toBe(404);

    // "Save as new version" keeps the workflow's own state: activation stays an explicit act.
    await page.getByRole('link', { name: '← Workflows' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-conflict-dialog').waitFor();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(async () => (await hookflow.api('/api/workflows/alert-severity-router')).body.version).toBe(2);
    expect((await hookflow.api('/api/workflows/alert-severity-router')).body.active).toBe(false);
    // The two id conflicts are expected 409s, which Chromium reports as failed resources.
    const conflicts = browser.consoleErrors.filter((e) => /409/.test(e) && e.includes('/api/workflows'));
    expect(conflicts).toHaveLength(2);
    browser.consoleErrors.splice(
      0,
      browser.consoleErrors.length,
      ...browser.consoleErrors.filter((e) => !conflicts.includes(e)),
    );
  });

  it('lays out a file that has no positions', async () => {
    const { page } = browser;
    const original = JSON.parse(readFileSync(path.join(WORKFLOWS, 'shop-order-forward.json'), 'utf8'));
    const { layout: _layout, ...withoutLayout } = original;
    const file = path.join(files.dir, 'no-layout.json');
    writeFileSync(
      file,
      JSON.stringify({ ...withoutLayout, id: 'shop-order-no-layout', name: 'Shop order (no layout)' }),
    );

    await page.getByRole('link', { name: '← Workflows' }).click();
    await page.getByTestId('workflow-row-alert-severity-router').waitFor();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.waitForURL('**/workflows/shop-order-no-layout');
    for (const id of ['trigger', 'shape', 'forward']) await page.getByTestId(`node-${id}`).waitFor();

    const [trigger, shape, forward] = await Promise.all(['trigger', 'shape', 'forward'].map((id) => box(page, id)));
    expect(trigger.x + trigger.width).toBeLessThan(shape.x);
    expect(shape.x + shape.width).toBeLessThan(forward.x);
    expect(Math.abs(trigger.y - forward.y)).toBeLessThan(40);
    await browser.screenshot('02-imported-auto-layout');

    await page.getByRole('link', { name: '← Workflows' }).click();
    await page.getByTestId('workflow-row-shop-order-no-layout').waitFor();
    await browser.screenshot('03-list-after-imports');
    expect(browser.consoleErrors).toEqual([]);
  });
});

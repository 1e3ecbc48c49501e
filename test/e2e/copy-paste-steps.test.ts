// Copy and paste of steps between two workflows through the system clipboard: select several
// steps (shift-click, box select), Ctrl+C, open another workflow, Ctrl+V, save, and read the
// pasted steps, edges and credential names back from the API. Ctrl+D duplicates in place; a
// clipboard that holds something else gets a toast and changes nothing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const source = {
  id: 'shop-orders',
  name: 'Shop orders',
  trigger: { type: 'webhook' },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: '{ "email": trigger.body.email }' } },
    { id: 'known', type: 'if', params: { condition: '=steps.shape.email != null' } },
    {
      id: 'notify',
      type: 'http.request',
      credential: 'crm-token',
      params: { method: 'POST', url: 'https://crm.example.test/contacts', body: '=steps.shape' },
    },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'known' },
    { from: 'known', to: 'notify', branch: 'true' },
  ],
  layout: { trigger: { x: 0, y: 0 }, shape: { x: 280, y: 0 }, known: { x: 560, y: 0 }, notify: { x: 840, y: 0 } },
};
const target = {
  id: 'signups',
  name: 'Signups',
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: 'trigger.body' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
  layout: { trigger: { x: 0, y: 0 }, shape: { x: 280, y: 0 } },
};

const stepNodes = (page: Page) => page.locator('.react-flow__node-step');

async function centre(page: Page, nodeId: string) {
  const box = await page.getByTestId(`node-${nodeId}`).boundingBox();
  if (!box) throw new Error(`node ${nodeId} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

describe('copy and paste of steps between workflows', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;

  beforeAll(async () => {
    hookflow = await startHookflow();
    for (const doc of [source, target]) {
      const created = await hookflow.api('/api/workflows', { method: 'POST', body: doc });
      expect(created.status).toBe(201);
    }
    browser = await openBrowser(hookflow.url, 'copy-paste');
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`copies two connected steps into another workflow at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = browser;
      const size = `${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      await page.goto(`${hookflow.url}/workflows/${source.id}`);
      await page.getByTestId('node-notify').waitFor();

      if (viewport.width === 1280) {
        // Box select: shift + drag across the pane around `known` and `notify`.
        const known = await centre(page, 'known');
        const notify = await centre(page, 'notify');
        await page.keyboard.down('Shift');
        await page.mouse.move(known.box.x - 20, known.box.y - 30);
        await page.mouse.down();
        await page.mouse.move(notify.box.x + notify.box.width + 20, notify.box.y + notify.box.height + 30, {
          steps: 12,
        });
        await page.mouse.up();
        await page.keyboard.up('Shift');
      } else {
        // Shift-click adds to the selection.
        await page.getByTestId('node-known').click();
        await page.getByTestId('node-notify').click({ modifiers: ['Shift'] });
      }
      await expect.poll(() => page.locator('.react-flow__node-step.selected').count()).toBe(2);
      await page.getByRole('heading', { name: '2 nodes selected' }).waitFor();
      await page.keyboard.press('Control+c');
      await page.getByText('Copied 2 steps').waitFor();
      const clipboard = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
      expect(clipboard.steps.map((step: { id: string }) => step.id)).toEqual(['known', 'notify']);
      await browser.screenshot(`${size}-01-copied`);

      await page.goto(`${hookflow.url}/workflows/${target.id}`);
      await page.getByTestId('node-shape').waitFor();
      const before = await stepNodes(page).count();
      await page
        .getByTestId('canvas')
        .locator('.react-flow__pane')
        .click({ position: { x: 40, y: 40 } });
      await page.keyboard.press('Control+v');
      await page.getByText('Pasted 2 steps').waitFor();
      await expect.poll(() => stepNodes(page).count()).toBe(before + 2);
      const suffix = viewport.width === 1280 ? '' : '2';
      for (const id of [`known${suffix}`, `notify${suffix}`]) {
        await page.getByTestId(`node-${id}`).waitFor();
        expect(await page.getByTestId(`node-${id}`).isVisible()).toBe(true);
      }
      await browser.screenshot(`${size}-02-pasted`);

      await page.getByTestId('save-button').click();
      await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
      const saved = (await hookflow.api(`/api/workflows/${target.id}`)).body.document;
      const pastedNotify = saved.steps.find((step: { id: string }) => step.id === `notify${suffix}`);
      expect(pastedNotify.credential).toBe('crm-token');
      expect(saved.edges).toContainEqual({ from: `known${suffix}`, to: `notify${suffix}`, branch: 'true' });
      // The pasted `if` still reads `steps.shape`: the target has its own `shape`, and the copy
      // did not bring one, so the reference is left as written.
      expect(saved.steps.find((step: { id: string }) => step.id === `known${suffix}`).params.condition).toBe(
        '=steps.shape.email != null',
      );
    });
  }

  it('duplicates the selection with Ctrl+D and refuses a clipboard that holds something else', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hookflow.url}/workflows/${source.id}`);
    await page.getByTestId('node-shape').click();
    await page.keyboard.press('Control+d');
    await page.getByTestId('node-shape2').waitFor();
    await expect.poll(() => page.locator('.react-flow__node-step.selected').count()).toBe(1);
    expect(await page.locator('.react-flow__node-step.selected').getAttribute('data-id')).toBe('shape2');
    // Delete the selection: the document is back to what was saved.
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-shape2').count()).toBe(0);

    // Ctrl+A selects everything; the panel's Duplicate copies the three steps beside the originals.
    await page
      .getByTestId('canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+a');
    await page.getByRole('heading', { name: '4 nodes selected' }).waitFor();
    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    for (const id of ['shape2', 'known2', 'notify2']) await page.getByTestId(`node-${id}`).waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('node-notify2').count()).toBe(0);

    await page.evaluate(() => navigator.clipboard.writeText('not a workflow at all'));
    const count = await stepNodes(page).count();
    await page
      .getByTestId('canvas')
      .locator('.react-flow__pane')
      .click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+v');
    await page.getByTestId('toast-error').getByText('Nothing pasted').waitFor();
    expect(await stepNodes(page).count()).toBe(count);
    await browser.screenshot('1280x800-03-refused-paste');
    expect(browser.consoleErrors).toEqual([]);
  });
});

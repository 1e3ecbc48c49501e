// The sixteen integrations in the editor: each node type is found in the palette by its
// service's name, two are dropped on the canvas, and every one's generated form renders
// (each parameter's title shown, no console error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATIONS as REGISTERED } from '../../server/nodes/registry.ts';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';
import { dragFromPalette } from './support/canvas.ts';

/** Search word → the node types it must find. */
const INTEGRATIONS: Record<string, string[]> = {
  postgres: ['postgres.query', 'postgres.insert'],
  mysql: ['mysql.query'],
  redis: ['redis.set', 'redis.publish', 'redis.xadd'],
  rabbitmq: ['rabbitmq.publish'],
  mqtt: ['mqtt.publish'],
  nats: ['nats.publish'],
  discord: ['discord.sendMessage'],
  teams: ['teams.postMessage'],
  telegram: ['telegram.sendMessage'],
  twilio: ['twilio.sendSms'],
  github: ['github.createIssue', 'github.createComment'],
  jira: ['jira.createIssue'],
  notion: ['notion.createDatabasePage'],
  airtable: ['airtable.createRecord', 'airtable.upsertRecord'],
  sheets: ['googleSheets.appendRow'],
  linear: ['linear.createIssue'],
};
const ALL = Object.values(INTEGRATIONS).flat();
const FOLDERS = [
  'postgres',
  'mysql',
  'redis',
  'rabbitmq',
  'mqtt',
  'nats',
  'discord',
  'teams',
  'telegram',
  'twilio',
  'github',
  'jira',
  'notion',
  'airtable',
  'google-sheets',
  'linear',
];

let hookflow: TestHookflow;
let browser: TestBrowser;
let titles: Record<string, string[]>;

beforeAll(async () => {
  hookflow = await startHookflow();
  const types = await hookflow.api('/api/node-types');
  expect(types.status).toBe(200);
  titles = Object.fromEntries(
    (types.body.items as { type: string; params: { properties: Record<string, { title: string }> } }[]).map((t) => [
      t.type,
      Object.values(t.params.properties ?? {}).map((p) => p.title),
    ]),
  );
  const created = await hookflow.api('/api/workflows', {
    body: { id: 'palette', name: 'Palette', trigger: { type: 'webhook' }, steps: [], edges: [] },
  });
  expect(created.status).toBe(201);
  browser = await openBrowser(hookflow.url, 'integration-palette');
});
afterAll(async () => {
  await browser?.close();
  await hookflow?.close();
});

describe('integrations in the palette', () => {
  it('finds every integration node, drops two and renders every generated form', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hookflow.url}/workflows/palette`);
    const search = page.getByLabel('Search nodes');
    for (const [word, types] of Object.entries(INTEGRATIONS)) {
      await search.fill(word);
      for (const type of types) await page.getByTestId(`palette-${type}`).waitFor();
    }
    await search.fill('');
    // The list above is every node of the sixteen integration folders, no more, no less.
    const registered = REGISTERED.filter((i) => FOLDERS.includes(i.name)).flatMap((i) => i.nodes.map((n) => n.type));
    expect([...ALL].sort()).toEqual(registered.sort());

    // Every form: add from the palette (the new step opens in the side panel), check, delete.
    const panel = page.getByTestId('step-panel');
    for (const type of ALL) {
      await search.fill(type);
      await page.getByTestId(`palette-${type}`).click();
      await panel.locator('code', { hasText: type }).first().waitFor();
      const text = await panel.textContent();
      for (const title of titles[type]) expect(text, `${type}: ${title}`).toContain(title);
      await panel.getByRole('button', { name: 'Delete step' }).click();
      await panel.waitFor({ state: 'detached' });
    }
    await search.fill('');

    await dragFromPalette(page, 'postgres.query', { x: 120, y: 160 });
    await search.fill('sheets');
    await dragFromPalette(page, 'googleSheets.appendRow', { x: 420, y: 320 });
    await expect.poll(() => page.locator('[data-testid^="node-"]').count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId('node-googlesheetsAppendRow').click();
    await panel.locator('code', { hasText: 'googleSheets.appendRow' }).first().waitFor();
    // An array's JSON editor hints at an array, not an object.
    expect(await panel.locator('textarea.code').first().getAttribute('placeholder')).toBe('[ 1, "two" ]');
    await browser.screenshot('01-sheets-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await search.fill('');
    await page.getByTestId('node-postgresQuery').click();
    await panel.locator('code', { hasText: 'postgres.query' }).first().waitFor();
    await browser.screenshot('02-postgres-1920');
    expect(browser.consoleErrors).toEqual([]);
  });
});

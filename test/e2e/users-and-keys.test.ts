// Users and API keys end to end: the owner adds a viewer and invites an editor, mints a
// scoped API key shown once, checks their own sessions and signs out from the account menu;
// the viewer signs in and cannot edit; the invited editor chooses a password from the link.
// And the first-setup form asks for ADMIN_API_KEY when the server has one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, TEST_ADMIN_API_KEY, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const VIEWER = { email: 'viewer@example.com', password: 'viewer password 1234' };
const INVITED = { email: 'invited@example.com', password: 'invited password 1234' };

describe('users and API keys', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;

  beforeAll(async () => {
    hookflow = await startHookflow();
    const created = await hookflow.api('/api/workflows', {
      body: {
        id: 'orders',
        name: 'Orders',
        trigger: { type: 'webhook' },
        steps: [{ id: 'shape', type: 'transform', params: { expression: 'trigger.body' } }],
        edges: [{ from: 'trigger', to: 'shape' }],
      },
    });
    expect(created.status).toBe(201);
    browser = await openBrowser(hookflow.url, 'users');
  });
  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('owner creates a viewer and invites an editor; the viewer signs in and cannot edit', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(hookflow.url);
    await page.getByRole('link', { name: 'Users & keys' }).click();
    await page.getByRole('heading', { name: 'Users & keys' }).waitFor();

    const dialog = page.getByTestId('add-user-dialog');
    await page.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('E-mail').fill(VIEWER.email);
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByLabel('Password').fill(VIEWER.password);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId(`user-${VIEWER.email}`).waitFor();

    // Without a password: an invitation link, shown once.
    await page.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('E-mail').fill(INVITED.email);
    await dialog.getByLabel('Role').selectOption('editor');
    await dialog.getByRole('button', { name: 'Invite user' }).click();
    const once = page.getByTestId('secret-once');
    const link = (await once.getByTestId('secret-value').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${hookflow.url}/#reset=.+`));
    await browser.screenshot('01-invite-1280');
    await once.getByRole('button', { name: 'Done' }).click();

    // A read-only API key: shown once, works for reading, refused for writing.
    await page.getByLabel('Name', { exact: true }).fill('dashboard');
    await page.getByLabel('Scope').selectOption('viewer');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await once.getByTestId('secret-value').textContent()) ?? '';
    await once.getByRole('button', { name: 'Done' }).click();
    const read = await hookflow.api('/api/workflows', { auth: key });
    expect(read.status).toBe(200);
    const write = await hookflow.api('/api/workflows/orders/deactivate', { method: 'POST', auth: key });
    expect(write.status).toBe(403);
    expect(await page.getByRole('table', { name: 'API keys' }).textContent()).toContain('dashboard');
    expect(await page.content()).not.toContain(key);

    // Role change and disable from the table.
    const invitedRow = page.getByTestId(`user-${INVITED.email}`);
    await invitedRow.getByLabel(`Role of ${INVITED.email}`).selectOption('viewer');
    await expect.poll(async () => (await hookflow.store.getUserByEmail(INVITED.email))?.role).toBe('viewer');
    await invitedRow.getByLabel(`Role of ${INVITED.email}`).selectOption('editor');
    await invitedRow.getByRole('button', { name: 'Disable' }).click();
    await invitedRow.getByText('Disabled').waitFor();
    await invitedRow.getByRole('button', { name: 'Enable' }).click();
    await invitedRow.getByText('Active').waitFor();
    await browser.screenshot('02-users-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await browser.screenshot('03-users-1920');
    await page.setViewportSize({ width: 1280, height: 800 });

    // My sessions, then sign out from the account menu.
    await page.getByRole('button', { name: /owner@example\.com/ }).click();
    await page.getByRole('menuitem', { name: 'My sessions and API keys' }).click();
    await page.getByText('this browser').waitFor();
    await browser.screenshot('04-account-1280');
    await page.getByRole('button', { name: /owner@example\.com/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Hookflow' }).waitFor();

    // The viewer signs in with the form and gets a read-only editor.
    await page.getByLabel('E-mail').fill(VIEWER.email);
    await page.getByLabel('Password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Orders' }).waitFor();
    expect(await page.getByRole('button', { name: 'New workflow' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Users & keys' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('save-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('active-toggle').isDisabled()).toBe(true);
    await browser.screenshot('05-viewer-editor-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await browser.screenshot('06-viewer-editor-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hookflow.url}/credentials`);
    await page.getByRole('heading', { name: 'No credentials yet' }).waitFor();
    expect(await page.getByRole('button', { name: 'New credential' }).count()).toBe(0);
    expect((await hookflow.store.getWorkflow('orders'))?.version).toBe(1);

    // The invitation link: choose a password, then sign in with it.
    await page.getByRole('button', { name: /viewer@example\.com/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Hookflow' }).waitFor();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('New password').fill(INVITED.password);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.getByLabel('E-mail').fill(INVITED.email);
    await page.getByLabel('Password').fill(INVITED.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'New workflow' }).waitFor();
    expect(page.url()).not.toContain('reset=');
    // Expected refusals: the 403 of the read-only key above is not the page's; 401s come from signing out.
    expect(browser.consoleErrors.filter((e) => !/401|403/.test(e))).toEqual([]);
  });
});

describe('first setup with ADMIN_API_KEY', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;
  beforeAll(async () => {
    hookflow = await startHookflow();
    browser = await openBrowser(hookflow.url, 'setup-key', { signIn: false });
  });
  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('asks for the admin key, refuses a wrong one, creates the owner with the right one', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(hookflow.url);
    await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    await page.getByLabel('Admin key').fill('not the key');
    await page.getByLabel('E-mail').fill('first@example.com');
    await page.getByLabel('Password').fill('first owner password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/ADMIN_API_KEY|not valid/);
    expect(await hookflow.store.countUsers()).toBe(0);
    await browser.screenshot('01-wrong-key-1280');
    await page.getByLabel('Admin key').fill(TEST_ADMIN_API_KEY);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();
    expect((await hookflow.store.listUsers()).map((u) => [u.email, u.role])).toEqual([['first@example.com', 'owner']]);
  });
});

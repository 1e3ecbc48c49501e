// The editor's sign-in: the one-time owner setup on a fresh server, then signing in with the
// form; state-changing calls from the signed-in editor carry the CSRF token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

let hookflow: TestHookflow;
let browser: TestBrowser;
const OWNER = { email: 'first@example.com', password: 'first owner password' };

beforeAll(async () => {
  hookflow = await startHookflow({ ADMIN_API_KEY: '' });
  browser = await openBrowser(hookflow.url, 'sign-in', { signIn: false });
});
afterAll(async () => {
  await browser?.close();
  await hookflow?.close();
});

describe('signing in to the editor', () => {
  it('creates the owner on first visit, then signs in with the form', async () => {
    const { page } = browser;
    await page.goto(hookflow.url);
    await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();
    expect((await hookflow.store.listUsers()).map((u) => [u.email, u.role])).toEqual([[OWNER.email, 'owner']]);

    // A new browser profile has no session: it gets the sign-in form, refuses a wrong password.
    await browser.context.clearCookies();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Hookflow' }).waitFor();
    await page.getByLabel('E-mail').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('e-mail or password is wrong').waitFor();
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'No workflows yet' }).waitFor();

    // Creating a workflow is a POST with the session cookie: it only works with the CSRF header.
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Name').fill('Signed in');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('node-trigger').waitFor();
    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    expect((await hookflow.store.listWorkflows()).map((w) => w.name)).toEqual(['Signed in']);
    const audit = await hookflow.store.listAudit({ limit: 5, resource: 'workflow' });
    expect(audit.items[0].actor).toMatchObject({ type: 'user', email: OWNER.email });
    expect(browser.consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});

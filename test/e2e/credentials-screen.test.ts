// The credentials screen end to end: create an SMTP credential from the form generated from
// /api/credentials/types, test it against a real SMTP server, edit it without seeing its
// values ("leave empty to keep"), pick it in an e-mail step (and create another inline from
// the picker), and see a real webhook send mail through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const SMTP_ACCOUNT = { username: 'mailer', password: 'smtp-secret-password' };

let hookflow: TestHookflow;
let browser: TestBrowser;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp(SMTP_ACCOUNT);
  hookflow = await startHookflow();
  const created = await hookflow.api('/api/workflows', {
    body: {
      id: 'welcome-mail',
      name: 'Welcome mail',
      trigger: { type: 'webhook' },
      steps: [
        {
          id: 'mail',
          type: 'email.send',
          params: { from: 'shop@example.com', to: '=trigger.body.email', subject: 'Welcome', text: 'Hello!' },
        },
      ],
      edges: [{ from: 'trigger', to: 'mail' }],
    },
  });
  expect(created.status).toBe(201);
  browser = await openBrowser(hookflow.url, 'credentials');
});
afterAll(async () => {
  await browser?.close();
  await hookflow?.close();
  await smtp?.close();
});

describe('credentials screen', () => {
  it('creates, tests and edits a credential, then a step uses it for a real delivery', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hookflow.url}/credentials`);
    await page.getByRole('heading', { name: 'No credentials yet' }).waitFor();

    await page.getByRole('button', { name: 'New credential' }).click();
    const dialog = page.getByTestId('credential-dialog');
    await dialog.getByLabel('Type').selectOption({ label: 'SMTP server' });
    await dialog.getByLabel('Name *').fill('mail');
    await dialog.getByLabel('Host *').fill('127.0.0.1');
    await dialog.getByLabel('Port *').fill(String(smtp.port));
    await dialog.getByLabel('Security').selectOption('none');
    await dialog.getByLabel('User name').fill(SMTP_ACCOUNT.username);
    await dialog.getByLabel('Password').fill(SMTP_ACCOUNT.password);
    expect(await dialog.getByLabel('Password').getAttribute('type')).toBe('password');
    await browser.screenshot('01-new-1280');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    const row = page.getByTestId('credential-mail');
    await row.waitFor();
    expect(await row.textContent()).toContain('SMTP server');

    // A bad value is explained at its field and changes nothing.
    await page.getByRole('button', { name: 'New credential' }).click();
    await dialog.getByLabel('Type').selectOption({ label: 'SMTP server' });
    await dialog.getByLabel('Name *').fill('broken');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    await dialog.getByText("must have required property 'host'").or(dialog.locator('.error-text')).first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await hookflow.vault.list()).map((c) => c.name)).toEqual(['mail']);

    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => row.getByTestId('check-result').textContent()).toMatch(/✓ connected to .* signed in/);
    await browser.screenshot('02-tested-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await browser.screenshot('03-tested-1920');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Editing shows no stored value; only what is typed changes.
    await row.getByRole('button', { name: 'Edit' }).click();
    expect(await dialog.getByLabel('Password').inputValue()).toBe('');
    expect(await dialog.getByLabel('Password').getAttribute('placeholder')).toBe('Leave empty to keep');
    expect(await dialog.getByLabel('Host').inputValue()).toBe('');
    await dialog.getByLabel('User name').fill(SMTP_ACCOUNT.username);
    await browser.screenshot('04-edit-1280');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await hookflow.vault.raw('mail'))?.data).toMatchObject({
      host: '127.0.0.1',
      password: SMTP_ACCOUNT.password,
    });
    expect(await page.content()).not.toContain(SMTP_ACCOUNT.password);

    // The step's picker lists the smtp credentials and creates one inline.
    await page.goto(`${hookflow.url}/workflows/welcome-mail`);
    await page.getByTestId('node-mail').click();
    await page.getByText('Settings: credential, retries, time limit').click();
    const picker = page.getByLabel('Credential', { exact: true });
    await picker.selectOption({ label: 'Create new…' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Type').locator('option').allTextContents()).toEqual(['SMTP server']);
    await dialog.getByLabel('Name *').fill('mail-backup');
    await dialog.getByLabel('Host *').fill('127.0.0.1');
    await dialog.getByLabel('Port *').fill('2525');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => picker.inputValue()).toBe('mail-backup');
    await picker.selectOption('mail');
    expect(await picker.locator('option').allTextContents()).toEqual([
      'Choose a credential',
      'mail (smtp)',
      'mail-backup (smtp)',
      'Create new…',
    ]);
    await browser.screenshot('05-picker-1280');
    await page.getByTestId('save-button').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
    const saved = await hookflow.api('/api/workflows/welcome-mail');
    expect(saved.body.document.steps[0].credential).toBe('mail');

    // A real delivery through the credential picked in the UI.
    expect((await hookflow.api('/api/workflows/welcome-mail/activate', { method: 'POST' })).status).toBe(200);
    const hook = await fetch(saved.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new@example.com' }),
    });
    expect(hook.status).toBe(202);
    const execution = await waitForExecution(hookflow, ((await hook.json()) as { executionId: string }).executionId);
    expect(execution.status).toBe('succeeded');
    expect(smtp.mails.map((m) => [m.user, m.to])).toEqual([[SMTP_ACCOUNT.username, ['new@example.com']]]);
    // The one 400 is the deliberately incomplete credential above.
    expect(browser.consoleErrors.filter((e) => !e.includes('400 (Bad Request)'))).toEqual([]);
  });
});

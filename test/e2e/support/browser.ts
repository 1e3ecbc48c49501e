// Debian's Chromium through playwright-core, in a fresh profile per test file. Console errors
// and uncaught page errors are collected so every test can assert there were none.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { TEST_ADMIN_API_KEY } from '../../helpers/start-hookflow.ts';

export const ARTIFACTS_DIR = path.join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The owner every e2e browser signs in as (created through the one-time setup). */
export const E2E_OWNER = { email: 'owner@example.com', password: 'e2e owner password' };

/** Signs the browser profile in through the real API (setup on a fresh server, else login),
 * so the session and CSRF cookies sit in the context like after using the sign-in form. */
export async function signInOwner(context: BrowserContext, baseUrl: string): Promise<void> {
  // While ADMIN_API_KEY is set (the test servers' default) only its holder may run setup; a
  // server without one ignores the header.
  const setup = await context.request.post(`${baseUrl}/api/auth/setup`, {
    data: E2E_OWNER,
    headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
  });
  if (setup.status() === 201) return;
  const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: E2E_OWNER });
  if (login.status() !== 200) throw new Error(`e2e sign-in failed: ${login.status()} ${await login.text()}`);
}

export type TestBrowser = {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  screenshot: (name: string) => Promise<string>;
  close: () => Promise<void>;
};

export async function openBrowser(
  baseUrl: string,
  prefix: string,
  opts: { signIn?: boolean } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'hookflow-chromium-'));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 820 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  if (opts.signIn !== false) await signInOwner(context, baseUrl);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    consoleErrors.push(`${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return {
    context,
    page,
    consoleErrors,
    screenshot: async (name) => {
      const file = path.join(ARTIFACTS_DIR, `${prefix}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

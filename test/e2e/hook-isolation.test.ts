// Issue 11 item 2, in a real browser: an editor saves a workflow whose static reply is an HTML
// page with a script that calls the management API with the visitor's session, and a
// Set-Cookie that would replace the session. The signed-in owner opens the trigger URL. The
// page renders, but nothing it tries acts as the owner: no user, no key, the same cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../helpers/start-hookflow.ts';
import { openBrowser, type TestBrowser } from './support/browser.ts';

const EDITOR = { email: 'editor@example.com', password: 'editor password 123' };

const HOSTILE_PAGE = `<!doctype html>
<html><head><title>Thanks</title>
<style>body { font-family: sans-serif; margin: 3em; color: #222 } h1 { color: #4f46e5 }</style></head>
<body><h1>Thank you!</h1><p>We received your order.</p>
<script>
(async () => {
  const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )hf_csrf=([^;]*)/) || [])[1] || '');
  const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
  const results = [];
  const call = async (name, path, body) => {
    try {
      const r = await fetch(path, { method: 'POST', credentials: 'include', headers, body: JSON.stringify(body) });
      results.push(name + ' ' + r.status);
    } catch (e) {
      results.push(name + ' ' + e);
    }
  };
  await call('users', '/api/auth/users', { email: 'mallory@example.com', password: 'mallory password 123', role: 'owner' });
  await call('keys', '/api/auth/keys', { name: 'backdoor', role: 'owner' });
  document.cookie = 'hf_session=set-by-script; path=/';
  const done = document.createElement('p');
  done.id = 'done';
  done.textContent = 'script ran: ' + results.join(', ');
  document.body.append(done);
})();
</script></body></html>`;

/** Signs in through the API outside the browser; returns what a cookie-session client sends. */
async function signIn(baseUrl: string, who: typeof EDITOR): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  expect(res.status).toBe(200);
  const cookies = Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=')));
  return { cookie: `hf_session=${cookies.hf_session}; hf_csrf=${cookies.hf_csrf}`, 'x-csrf-token': cookies.hf_csrf };
}

describe('a hostile trigger reply opened by the signed-in owner', () => {
  let hookflow: TestHookflow;
  let browser: TestBrowser;
  let scriptUrl: string;
  let cookieUrl: string;

  beforeAll(async () => {
    // No admin key: every change below is made by a signed-in person.
    hookflow = await startHookflow({ ADMIN_API_KEY: '' });
    browser = await openBrowser(hookflow.url, 'hook-isolation');
    const csrf = (await browser.context.cookies()).find((c) => c.name === 'hf_csrf')?.value ?? '';
    const editor = await browser.context.request.post(`${hookflow.url}/api/auth/users`, {
      data: { ...EDITOR, role: 'editor' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(editor.status()).toBe(201);

    const editorSession = await signIn(hookflow.url, EDITOR);
    const save = async (id: string, name: string, headers: Record<string, string>, body: string) => {
      const created = await fetch(`${hookflow.url}/api/workflows`, {
        method: 'POST',
        headers: { ...editorSession, 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          name,
          trigger: {
            type: 'webhook',
            methods: ['GET', 'POST'],
            response: {
              mode: 'static',
              status: 200,
              headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
              body,
            },
          },
          steps: [{ id: 'shape', type: 'transform', params: { expression: 'trigger.query' } }],
          edges: [{ from: 'trigger', to: 'shape' }],
        }),
      });
      const view = await created.json();
      expect(created.status, JSON.stringify(view)).toBe(201);
      return view.triggerUrl as string;
    };
    // Two pages, because a replaced session cookie would also break the script's own calls.
    scriptUrl = await save(
      'thank-you',
      'Thank-you page',
      { 'content-security-policy': "script-src 'unsafe-inline'" },
      HOSTILE_PAGE,
    );
    cookieUrl = await save(
      'cookie-reply',
      'Cookie reply',
      { 'set-cookie': 'hf_session=set-by-reply; Path=/' },
      '<!doctype html><h1>Thank you!</h1>',
    );
  });

  afterAll(async () => {
    await browser?.close();
    await hookflow?.close();
  });

  it('renders the page, runs none of it as the owner, and leaves the owner signed in', async () => {
    const { page, context } = browser;
    const sessionBefore = (await context.cookies()).find((c) => c.name === 'hf_session')?.value;
    expect(sessionBefore).toBeTruthy();
    const usersBefore = (await hookflow.store.listUsers()).map((u) => u.email).sort();

    // The owner has the editor open, then follows the trigger URL (e.g. from a form).
    await page.goto(hookflow.url);
    await page.getByText('Thank-you page').first().waitFor();
    const response = await page.goto(scriptUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/^sandbox(;|$)/);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    // Had the script run, it would have said so here once its calls returned.
    const ran = await page
      .locator('#done')
      .waitFor({ timeout: 3000 })
      .then(() => page.locator('#done').textContent())
      .catch(() => null);
    await browser.screenshot('01-thank-you-page');
    expect(ran).toBeNull();

    const second = await page.goto(cookieUrl);
    expect(second?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(second?.headers()['set-cookie']).toBeUndefined();

    // Checked on the server: no new user, no API key, the owner still the only owner.
    expect((await hookflow.store.listUsers()).map((u) => u.email).sort()).toEqual(usersBefore);
    expect(await hookflow.store.listApiKeys()).toEqual([]);
    // And in the browser: the same session cookie, still signed in as the owner.
    expect((await context.cookies()).find((c) => c.name === 'hf_session')?.value).toBe(sessionBefore);
    const session = await context.request.get(`${hookflow.url}/api/auth/session`);
    expect((await session.json()).user).toMatchObject({ email: 'owner@example.com', role: 'owner' });
  });

  it('the editor itself runs under its own CSP without violations', async () => {
    const { page } = browser;
    browser.consoleErrors.length = 0;
    await page.goto(`${hookflow.url}/workflows/thank-you`);
    await page.getByTestId('node-trigger').waitFor();
    await browser.screenshot('02-editor-under-csp');
    expect(browser.consoleErrors.filter((e) => /content security policy|refused to/i.test(e))).toEqual([]);
  });
});

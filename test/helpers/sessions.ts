// Signing in as a browser would, for tests of sessions, CSRF and roles against the real app.
import type { TestHookflow } from './start-hookflow.ts';

export type BrowserSession = { cookie: string; csrfToken: string; setCookies: string[] };

/** Signs in and returns what a browser would hold: the cookie header and the CSRF token. */
export async function login(h: TestHookflow, creds: { email: string; password: string }): Promise<BrowserSession> {
  const res = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${creds.email} answered ${res.status}: ${await res.text()}`);
  const setCookies = res.headers.getSetCookie();
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookies.map((c) => c.split(';')[0]).join('; '), csrfToken: body.csrfToken, setCookies };
}

/** `hf.api` as the signed-in browser: session cookie plus its CSRF token, no bearer. */
export const asSession =
  (h: TestHookflow, s: BrowserSession) =>
  (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    h.api(path, { ...init, auth: null, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...init.headers } });

/** Creates a user through the owner API (with the test server's admin key). */
export async function addUser(h: TestHookflow, email: string, role: string, password = 'a long enough password') {
  const r = await h.api('/api/auth/users', { body: { email, password, role } });
  if (r.status !== 201) throw new Error(`creating ${email} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { id: r.body.id as string, email, password };
}

// Access control of the management API, end to end on the real app: who may call what,
// sessions with CSRF, API keys and their revocation, login throttling, and the audit log.
import { afterEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { sampleDoc } from '../store/store-contract.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

/** Signs in and returns what a browser would hold: the cookie header and the CSRF token. */
async function login(h: TestHookflow, creds: { email: string; password: string }) {
  const res = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  expect(res.status).toBe(200);
  const setCookies = res.headers.getSetCookie();
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookies.map((c) => c.split(';')[0]).join('; '), csrfToken: body.csrfToken, setCookies };
}

describe('access control', () => {
  it('refuses unauthenticated API calls with 401 and changes nothing; hooks and health stay public', async () => {
    hf = await startHookflow();
    for (const [method, path, body] of [
      ['GET', '/api/workflows', undefined],
      ['POST', '/api/workflows', sampleDoc('x')],
      ['DELETE', '/api/workflows/x', undefined],
      ['GET', '/api/executions', undefined],
      ['GET', '/api/audit', undefined],
      ['GET', '/api/auth/keys', undefined],
    ] as const) {
      const res = await hf.api(path, { method, body, auth: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    const forged = await hf.api('/api/workflows', { body: sampleDoc('y'), auth: 'hf_not-a-real-key' });
    expect(forged.status).toBe(401);
    const malformed = await hf.api('/api/workflows', { headers: { authorization: 'Basic abc' }, auth: null });
    expect(malformed.status).toBe(401);
    expect(await hf.store.listWorkflows()).toEqual([]);
    expect((await hf.store.listAudit({ limit: 10 })).items).toEqual([]);

    expect((await fetch(`${hf.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${hf.url}/readyz`)).status).toBe(200);
    expect((await hf.api('/api/openapi.json', { auth: null })).status).toBe(200);
    const session = await hf.api('/api/auth/session', { auth: null });
    expect(session.body).toMatchObject({ authenticated: false, setupRequired: true });
    // Webhooks are authorised by their token, not by a user.
    const created = await hf.api('/api/workflows', { body: sampleDoc('pub') });
    expect(created.status).toBe(201);
    const hook = await fetch(created.body.triggerUrl, { method: 'POST', body: '{}' });
    expect(hook.status).toBe(202);
  });

  it('creates the owner once through setup, then only sign-in works', async () => {
    hf = await startHookflow({ ADMIN_API_KEY: '' });
    expect(hf.apiKey).toBeNull();
    const short = await hf.api('/api/auth/setup', { body: { email: 'a@b.c', password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ pointer: '/password', message: expect.any(String) }]);
    expect(await hf.store.countUsers()).toBe(0);
    const first = await hf.api('/api/auth/setup', { body: OWNER });
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: OWNER.email, role: 'owner' });
    const cookies = first.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('hf_session='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('hf_session='))).toMatch(/SameSite=Strict/);
    expect(cookies.find((c) => c.startsWith('hf_csrf='))).not.toMatch(/HttpOnly/);
    const again = await hf.api('/api/auth/setup', { body: { email: 'x@y.z', password: 'another long password' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
    expect((await hf.store.listUsers()).map((u) => u.email)).toEqual([OWNER.email]);
    const stored = await hf.store.getUserByEmail(OWNER.email);
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain(OWNER.password);
  });

  it('accepts a session for reads but refuses state changes without the CSRF token', async () => {
    hf = await startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password, COOKIE_SECURE: 'true' });
    const s = await login(hf, OWNER);
    expect(s.setCookies.every((c) => c.includes('Secure'))).toBe(true);
    const me = await hf.api('/api/auth/session', { auth: null, headers: { cookie: s.cookie } });
    expect(me.body).toMatchObject({ authenticated: true, via: 'session', csrfToken: s.csrfToken });
    expect(me.body.user).toMatchObject({ email: OWNER.email, role: 'owner' });
    expect((await hf.api('/api/workflows', { auth: null, headers: { cookie: s.cookie } })).status).toBe(200);

    const noToken = await hf.api('/api/workflows', { body: sampleDoc('a'), auth: null, headers: { cookie: s.cookie } });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf_failed');
    const wrong = await hf.api('/api/workflows', {
      body: sampleDoc('a'),
      auth: null,
      headers: { cookie: s.cookie, 'x-csrf-token': 'guess' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf_failed');
    expect(await hf.store.listWorkflows()).toEqual([]);

    const ok = await hf.api('/api/workflows', {
      body: sampleDoc('a'),
      auth: null,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });
    expect(ok.status).toBe(201);

    const out = await hf.api('/api/auth/logout', {
      method: 'POST',
      auth: null,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await hf.api('/api/workflows', { auth: null, headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('lets a viewer read but not write, and an editor write workflows but not manage users', async () => {
    hf = await startHookflow();
    await hf.api('/api/workflows', { body: sampleDoc('w1') });
    for (const [email, role] of [
      ['viewer@example.com', 'viewer'],
      ['editor@example.com', 'editor'],
    ]) {
      const r = await hf.api('/api/auth/users', { body: { email, password: 'a long enough password', role } });
      expect(r.status).toBe(201);
    }
    const viewer = await login(hf, { email: 'viewer@example.com', password: 'a long enough password' });
    const asViewer = (path: string, init: { method?: string; body?: unknown } = {}) =>
      hf.api(path, { ...init, auth: null, headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrfToken } });
    expect((await asViewer('/api/workflows')).body.items).toHaveLength(1);
    expect((await asViewer('/api/workflows/validate', { body: sampleDoc('v') })).status).toBe(200);
    const before = await hf.store.getWorkflow('w1');
    for (const [method, path, body] of [
      ['POST', '/api/workflows', sampleDoc('w2')],
      ['PUT', '/api/workflows/w1', sampleDoc('w1', { name: 'changed' })],
      ['DELETE', '/api/workflows/w1', undefined],
      ['POST', '/api/workflows/w1/deactivate', undefined],
      ['POST', '/api/workflows/w1/rotate-token', undefined],
      ['GET', '/api/audit', undefined],
      ['POST', '/api/auth/users', { email: 'z@z.z', password: 'a long enough password', role: 'owner' }],
    ] as const) {
      const r = await asViewer(path, { method, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect(await hf.store.getWorkflow('w1')).toEqual(before);
    expect(await hf.store.getWorkflow('w2')).toBeNull();
    expect(await hf.store.countUsers()).toBe(2);
    // A viewer cannot mint a key above its own role.
    const escalate = await asViewer('/api/auth/keys', { body: { name: 'x', role: 'editor' } });
    expect(escalate.status).toBe(403);
    expect(await hf.store.listApiKeys()).toEqual([]);

    const editor = await login(hf, { email: 'editor@example.com', password: 'a long enough password' });
    const asEditor = (path: string, init: { method?: string; body?: unknown } = {}) =>
      hf.api(path, { ...init, auth: null, headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken } });
    expect((await asEditor('/api/workflows', { body: sampleDoc('w2') })).status).toBe(201);
    expect((await asEditor('/api/workflows/w1', { method: 'PUT', body: sampleDoc('w1', { name: 'E' }) })).status).toBe(
      200,
    );
    expect((await asEditor('/api/auth/users')).status).toBe(403);
    expect((await asEditor('/api/audit')).status).toBe(403);
  });

  it('shows an API key once, records its last use, and stops it at once when revoked', async () => {
    hf = await startHookflow();
    const created = await hf.api('/api/auth/keys', { body: { name: 'ci', role: 'editor' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^hf_[\w-]{43}$/);
    expect(created.body.lastUsedAt).toBeNull();
    const listed = await hf.api('/api/auth/keys');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('key');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(await hf.store.listApiKeys())).not.toContain(key);

    expect((await hf.api('/api/workflows', { body: sampleDoc('k1'), auth: key })).status).toBe(201);
    const used = await hf.api('/api/auth/keys');
    expect(used.body.items[0].lastUsedAt).not.toBeNull();
    // An editor key cannot do owner things.
    expect((await hf.api('/api/audit', { auth: key })).status).toBe(403);

    const revoked = await hf.api(`/api/auth/keys/${created.body.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const after = await hf.api('/api/workflows', { body: sampleDoc('k2'), auth: key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    expect(await hf.store.getWorkflow('k2')).toBeNull();
    expect((await hf.api(`/api/auth/keys/${created.body.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await hf.api('/api/auth/keys/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('throttles login brute force, even for the right password', async () => {
    hf = await startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password, LOGIN_MAX_ATTEMPTS: '5' });
    for (let i = 0; i < 5; i++) {
      const r = await hf.api('/api/auth/login', { body: { email: OWNER.email, password: `wrong-${i}` }, auth: null });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_login');
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    const blocked = await hf.api('/api/auth/login', { body: OWNER, auth: null });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    const failures = await hf.store.listAudit({ limit: 50 });
    expect(failures.items.filter((e) => e.action === 'auth.login-failed')).toHaveLength(5);
  });

  it('counts parallel guesses before checking them: 10 at once with a limit of 5 → 5 checked, 5 refused', async () => {
    hf = await startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password, LOGIN_MAX_ATTEMPTS: '5' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        hf.api('/api/auth/login', { body: { email: OWNER.email, password: `parallel-${i}` }, auth: null }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    for (const r of results.filter((x) => x.status === 429)) expect(r.body.error.code).toBe('too_many_attempts');
    const failures = await hf.store.listAudit({ limit: 50 });
    expect(failures.items.filter((e) => e.action === 'auth.login-failed')).toHaveLength(5);
    // The limit is reached: the right password is refused too.
    expect((await hf.api('/api/auth/login', { body: OWNER, auth: null })).status).toBe(429);
  });

  it('a right password gives its reserved attempt back', async () => {
    hf = await startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password, LOGIN_MAX_ATTEMPTS: '2' });
    // Address budget is 4 × 2 = 8: twelve good sign-ins from one address stay within it.
    for (let i = 0; i < 12; i++) {
      expect((await hf.api('/api/auth/login', { body: OWNER, auth: null })).status).toBe(200);
    }
  });

  it('throttles per client address behind a trusted proxy, and ignores X-Forwarded-For from anyone else', async () => {
    const guess = (h: TestHookflow, i: number, forwardedFor: string) =>
      h.api('/api/auth/login', {
        body: { email: `nobody-${i}@example.com`, password: 'wrong password' },
        headers: { 'x-forwarded-for': forwardedFor },
        auth: null,
      });
    // LOGIN_MAX_ATTEMPTS=1: one failure per e-mail, four per address.
    hf = await startHookflow({ LOGIN_MAX_ATTEMPTS: '1', TRUSTED_PROXIES: '127.0.0.1' });
    for (let i = 0; i < 4; i++) expect((await guess(hf, i, '203.0.113.5')).status).toBe(401);
    expect((await guess(hf, 4, '203.0.113.5')).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await guess(hf, 5, '203.0.113.6')).status).toBe(401);
    await hf.close();

    // Without TRUSTED_PROXIES the header is forged easily: the socket address counts.
    hf = await startHookflow({ LOGIN_MAX_ATTEMPTS: '1' });
    for (let i = 0; i < 4; i++) expect((await guess(hf, i, `198.51.100.${i}`)).status).toBe(401);
    expect((await guess(hf, 4, '198.51.100.99')).status).toBe(429);
  });

  it('audits management actions with the actor and never the request body', async () => {
    hf = await startHookflow();
    await hf.api('/api/workflows', { body: sampleDoc('aud') });
    await hf.api('/api/workflows/aud', { method: 'PUT', body: sampleDoc('aud', { name: 'Renamed' }) });
    await hf.api('/api/workflows/aud/deactivate', { method: 'POST' });
    await hf.api('/api/workflows/validate', { body: sampleDoc('nope') });
    const key = await hf.api('/api/auth/keys', { body: { name: 'temp' } });
    await hf.api(`/api/auth/keys/${key.body.id}`, { method: 'DELETE' });
    await hf.api('/api/workflows', { body: { id: 'bad' } });
    const log = await hf.api('/api/audit?limit=10');
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string; resourceId: string }) => [e.action, e.resourceId])).toEqual([
      ['api-key.delete', key.body.id],
      ['api-key.create', key.body.id],
      ['workflow.deactivate', 'aud'],
      ['workflow.update', 'aud'],
      ['workflow.create', 'aud'],
    ]);
    expect(log.body.items[0].actor).toEqual({ type: 'admin-key', id: null, email: null });
    expect(JSON.stringify(log.body)).not.toContain(key.body.key);
    const onlyWf = await hf.api('/api/audit?resource=workflow&resourceId=aud');
    expect(onlyWf.body.items).toHaveLength(3);
    expect((await hf.api('/api/audit?limit=0')).status).toBe(400);
  });

  it('hides payloads from viewers when VIEWER_HIDE_PAYLOADS is set', async () => {
    hf = await startHookflow({ VIEWER_HIDE_PAYLOADS: 'true' });
    const wf = await hf.api('/api/workflows', { body: sampleDoc('p') });
    const hook = await fetch(wf.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"secret":"personal"}',
    });
    const { executionId } = (await hook.json()) as { executionId: string };
    const viewerKey = (await hf.api('/api/auth/keys', { body: { name: 'dash', role: 'viewer' } })).body.key;
    const asOwner = await hf.api(`/api/executions/${executionId}`);
    expect(asOwner.body.trigger.body).toEqual({ secret: 'personal' });
    const asViewer = await hf.api(`/api/executions/${executionId}`, { auth: viewerKey });
    expect(asViewer.status).toBe(200);
    expect(JSON.stringify(asViewer.body)).not.toContain('personal');
    expect(asViewer.body.trigger.body).toBe('[hidden for viewers]');
  });
});

// Regression: the role policy matches lower-case paths, so routing must not let a request
// reach an owner-only route by spelling its path in another case (/api/Auth/Users).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

describe('path case and the role policy', () => {
  let hf: TestHookflow;
  let editorKey: string;
  beforeAll(async () => {
    hf = await startHookflow({ VIEWER_HIDE_PAYLOADS: 'true' });
    const user = await hf.api('/api/auth/users', {
      body: { email: 'editor@example.com', password: 'a long enough password', role: 'editor' },
    });
    expect(user.status).toBe(201);
    const login = await fetch(`${hf.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'editor@example.com', password: 'a long enough password' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = await login.json();
    const key = await hf.api('/api/auth/keys', {
      auth: null,
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: { name: 'editor-key', role: 'editor' },
    });
    expect(key.status).toBe(201);
    editorKey = key.body.key;
  });
  afterAll(() => hf?.close());

  it('an editor cannot reach owner routes by changing the case of the path', async () => {
    const usersBefore = await hf.store.countUsers();
    for (const [method, path, body] of [
      ['GET', '/api/Auth/Users', undefined],
      ['GET', '/api/AUDIT', undefined],
      ['GET', '/api/Audit', undefined],
      ['POST', '/api/AUTH/users', { email: 'evil@example.com', password: 'a long enough password', role: 'owner' }],
      ['POST', '/api/auth/Users', { email: 'evil2@example.com', password: 'a long enough password', role: 'owner' }],
    ] as const) {
      const res = await hf.api(path, { method, body, auth: editorKey });
      expect(res.status, `${method} ${path}`).not.toBe(200);
      expect(res.status, `${method} ${path}`).not.toBe(201);
      expect([403, 404]).toContain(res.status);
    }
    expect(await hf.store.countUsers()).toBe(usersBefore);
    // The real spelling is refused by the policy, as before.
    expect((await hf.api('/api/auth/users', { auth: editorKey })).status).toBe(403);
    expect((await hf.api('/api/audit', { auth: editorKey })).status).toBe(403);
  });

  it('routes under /api are case-sensitive', async () => {
    expect((await hf.api('/api/Workflows')).status).toBe(404);
    expect((await hf.api('/api/workflows')).status).toBe(200);
  });
});

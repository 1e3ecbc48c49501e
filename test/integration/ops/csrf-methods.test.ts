// CSRF with cookie sessions for every state-changing method, not only POST: PUT, PATCH and
// DELETE without the session's token (or with a wrong one) are refused and change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, login } from '../../helpers/sessions.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { sampleDoc } from '../store/store-contract.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

describe('CSRF on every unsafe method', () => {
  it('refuses PUT, PATCH and DELETE with a session cookie but no or a wrong x-csrf-token', async () => {
    hf = await startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password });
    const s = await login(hf, OWNER);
    await hf.api('/api/workflows', { body: sampleDoc('w') });
    const ed = await addUser(hf, 'ed@example.com', 'editor');
    const other = await login(hf, ed);
    const sessionId = (
      await hf.api('/api/auth/sessions', { auth: null, headers: { cookie: s.cookie } })
    ).body.items.find((x: { userId: string }) => x.userId === ed.id).id;
    await hf.api('/api/credentials', { body: { name: 'c', type: 'bearer', data: { token: 'secret-1' } } });

    const cases = [
      ['PUT', '/api/workflows/w', sampleDoc('w', { name: 'changed' }), 200],
      ['PUT', '/api/credentials/c', { type: 'bearer', data: { token: 'secret-2' } }, 200],
      ['PATCH', `/api/auth/users/${ed.id}`, { role: 'viewer' }, 200],
      ['DELETE', `/api/auth/sessions/${sessionId}`, undefined, 204],
      ['DELETE', '/api/workflows/w', undefined, 204],
    ] as const;
    const snapshot = async () =>
      JSON.stringify([
        await hf.store.getWorkflow('w'),
        await hf.store.getUser(ed.id),
        await hf.store.listSessions(Date.now()),
        (await hf.store.listAudit({ limit: 100 })).items.length,
      ]);
    const before = await snapshot();
    for (const [method, path, body] of cases) {
      for (const token of [undefined, 'wrong', other.csrfToken]) {
        const headers: Record<string, string> = { cookie: s.cookie };
        if (token !== undefined) headers['x-csrf-token'] = token;
        const r = await hf.api(path, { method, body, auth: null, headers });
        expect(r.status, `${method} ${path} with ${token ?? 'no'} token`).toBe(403);
        expect(r.body.error.code).toBe('csrf_failed');
      }
    }
    expect(await snapshot()).toBe(before);
    expect((await hf.vault.get('c'))?.data).toEqual({ token: 'secret-1' });

    // With the session's own token each of them goes through.
    for (const [method, path, body, status] of cases) {
      const r = await hf.api(path, {
        method,
        body,
        auth: null,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      });
      expect(r.status, `${method} ${path}`).toBe(status);
    }
    expect(await hf.store.getWorkflow('w')).toBeNull();
    expect((await hf.store.getUser(ed.id))?.role).toBe('viewer');
  });
});

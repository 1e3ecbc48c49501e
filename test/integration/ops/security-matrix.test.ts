// The route × caller security matrix, generated from the OpenAPI document: every operation
// declares its least role (`x-role`); every caller — anonymous, a revoked key, an expired
// session, and viewer, editor and owner both as a browser session (cookie + CSRF token) and as
// an API key — gets exactly what that role allows from the real app. A new route without a
// declared role, or guarded differently from what it declares, fails here.
import { afterEach, describe, expect, it } from 'vitest';
import { requiredRole } from '../../../server/auth/roles.ts';
import { randomSecret, sha256 } from '../../../server/auth/tokens.ts';
import type { Role } from '../../../server/store/store.ts';
import { addUser, type BrowserSession, login } from '../../helpers/sessions.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

type Caller = {
  name: string;
  role: Role | null;
  /** The caller's credentials should be refused outright (401), whatever the route needs. */
  invalid?: boolean;
  headers: () => Record<string, string>;
  /** Sign in again after the route ended this session (logout). */
  renew?: () => Promise<void>;
};

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

const sessionHeaders = (s: BrowserSession) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });

async function callers(h: TestHookflow): Promise<Caller[]> {
  const out: Caller[] = [{ name: 'anonymous', role: null, headers: () => ({}) }];
  for (const role of ['viewer', 'editor', 'owner'] as const) {
    const user = await addUser(h, `${role}@example.com`, role);
    let session = await login(h, user);
    out.push({
      name: `${role} session`,
      role,
      headers: () => sessionHeaders(session),
      renew: async () => {
        session = await login(h, user);
      },
    });
    const key = await h.api('/api/auth/keys', { auth: null, body: { name: role }, headers: sessionHeaders(session) });
    expect(key.status).toBe(201);
    out.push({ name: `${role} API key`, role, headers: () => ({ authorization: `Bearer ${key.body.key}` }) });
  }
  const owner = (await h.store.getUserByEmail('owner@example.com'))?.id as string;
  const revoked = await h.api('/api/auth/keys', { body: { name: 'gone', role: 'owner' } });
  expect((await h.api(`/api/auth/keys/${revoked.body.id}`, { method: 'DELETE' })).status).toBe(204);
  out.push({
    name: 'revoked key',
    role: null,
    invalid: true,
    headers: () => ({ authorization: `Bearer ${revoked.body.key}` }),
  });
  // An owner's session that ran out: a real row in the store, just past its expiry.
  const token = randomSecret();
  const csrf = randomSecret();
  await h.store.createSession({
    tokenHash: sha256(token),
    userId: owner,
    csrfToken: csrf,
    createdAt: Date.now() - 10_000,
    expiresAt: Date.now() - 1,
  });
  out.push({
    name: 'expired session',
    role: null,
    invalid: true,
    headers: () => ({ cookie: `hf_session=${token}; hf_csrf=${csrf}`, 'x-csrf-token': csrf }),
  });
  return out;
}

describe('security matrix', () => {
  it('every route × caller gets what the route’s declared role allows', async () => {
    hf = await startHookflow();
    const doc = (await hf.api('/api/openapi.json', { auth: null })).body as {
      paths: Record<string, Record<string, { 'x-role'?: string }>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, role: op['x-role'] })),
    );
    expect(ops.length).toBeGreaterThan(30);
    const undeclared = ops.filter((o) => !['public', 'viewer', 'editor', 'owner'].includes(String(o.role)));
    expect(undeclared, 'operations without an x-role').toEqual([]);

    const all = await callers(hf);
    const problems: string[] = [];
    for (const op of ops) {
      const url = op.path.replace(/\{version\}/g, '1').replace(/\{\w+\}/g, 'matrix-missing');
      // The declared role is the one the policy table enforces.
      const policy = requiredRole(op.method, url.slice('/api'.length)) ?? 'public';
      if (policy !== op.role) problems.push(`${op.method} ${op.path}: declares ${op.role}, policy says ${policy}`);
      for (const c of all) {
        const unsafe = op.method !== 'GET';
        const r = await hf.api(url, {
          method: op.method,
          auth: null,
          headers: c.headers(),
          ...(unsafe ? { body: {} } : {}),
        });
        let expected: string;
        if (op.role === 'public') expected = 'allowed';
        else if (c.invalid || c.role === null) expected = '401';
        else expected = RANK[c.role] >= RANK[op.role as Role] ? 'allowed' : '403';
        const got = r.status === 401 || r.status === 403 ? String(r.status) : 'allowed';
        if (got !== expected) {
          problems.push(
            `${op.method} ${op.path} as ${c.name}: expected ${expected}, got ${r.status} ${JSON.stringify(r.body)}`,
          );
        } else if (got === '403' && r.body?.error?.code !== 'forbidden') {
          problems.push(`${op.method} ${op.path} as ${c.name}: 403 with ${r.body?.error?.code}`);
        } else if (r.status >= 500) {
          problems.push(`${op.method} ${op.path} as ${c.name}: ${r.status}`);
        }
        if (op.path === '/api/auth/logout' && r.status === 204) await c.renew?.();
      }
    }
    expect(problems).toEqual([]);
  });
});

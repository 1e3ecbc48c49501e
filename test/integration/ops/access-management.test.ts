// Removing access, end to end on the real app: first setup behind ADMIN_API_KEY, keys minted
// with the admin key die with it, and the owner's user management (invite, role change,
// disable, delete, passwords, sessions, keys) takes effect on the very next request.
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/auth/tokens.ts';
import { ulid } from '../../../server/lib/ids.ts';
import { addUser, asSession, login } from '../../helpers/sessions.ts';
import { startHookflow, TEST_ADMIN_API_KEY, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { sampleDoc } from '../store/store-contract.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

let hf: TestHookflow;
const dirs: { cleanup: () => void }[] = [];
afterEach(async () => {
  await hf?.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('first setup and the admin key', () => {
  it('refuses anonymous setup while ADMIN_API_KEY is set; the admin key may create the first owner', async () => {
    hf = await startHookflow();
    const probe = await hf.api('/api/auth/session', { auth: null });
    expect(probe.body).toMatchObject({ setupRequired: true, setupNeedsAdminKey: true });
    const anon = await hf.api('/api/auth/setup', { body: OWNER, auth: null });
    expect(anon.status).toBe(403);
    expect(anon.body.error.code).toBe('setup_needs_admin_key');
    expect(anon.headers.get('set-cookie')).toBeNull();
    expect(await hf.store.countUsers()).toBe(0);
    // A wrong bearer is no better than none.
    expect((await hf.api('/api/auth/setup', { body: OWNER, auth: 'hf_guess' })).status).toBe(403);
    expect(await hf.store.countUsers()).toBe(0);

    const withKey = await hf.api('/api/auth/setup', { body: OWNER });
    expect(withKey.status).toBe(201);
    expect(withKey.body.user).toMatchObject({ email: OWNER.email, role: 'owner' });
    const again = await hf.api('/api/auth/setup', { body: { ...OWNER, email: 'late@example.com' }, auth: null });
    expect(again.status).toBe(409);
    expect(await hf.store.countUsers()).toBe(1);
  });

  it('revokes keys minted with the admin key when ADMIN_API_KEY is removed or rotated', async () => {
    const data = tempDir();
    dirs.push(data);
    hf = await startHookflow({ DATA_DIR: data.dir });
    const minted = await hf.api('/api/auth/keys', { body: { name: 'automation', role: 'editor' } });
    expect(minted.status).toBe(201);
    const key: string = minted.body.key;
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(200);
    await hf.close();

    hf = await startHookflow({ DATA_DIR: data.dir, ADMIN_API_KEY: '' });
    const removed = await hf.api('/api/workflows', { body: sampleDoc('after-removal'), auth: key });
    expect(removed.status).toBe(401);
    expect(await hf.store.getWorkflow('after-removal')).toBeNull();
    await hf.close();

    hf = await startHookflow({ DATA_DIR: data.dir, ADMIN_API_KEY: 'a-rotated-admin-key-0123456789' });
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
    await hf.close();

    // The same admin key again: its keys live (revocation is by the key that minted them).
    hf = await startHookflow({ DATA_DIR: data.dir, ADMIN_API_KEY: TEST_ADMIN_API_KEY });
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(200);
    // And an owner can still revoke one by one.
    expect((await hf.api(`/api/auth/keys/${minted.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
  });

  it('refuses admin-key keys from before they carried the admin key fingerprint', async () => {
    hf = await startHookflow();
    const key = 'hf_legacy-key-minted-by-the-admin-key-long-enough';
    await hf.store.createApiKey({
      id: ulid(),
      name: 'legacy',
      userId: 'admin-key',
      role: 'owner',
      prefix: key.slice(0, 10),
      keyHash: sha256(key),
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
      adminKeyHash: null,
    });
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
  });
});

describe('access management', () => {
  const start = () => startHookflow({ ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password });

  it('invites a user with a one-time token that sets their password', async () => {
    hf = await start();
    const invited = await hf.api('/api/auth/users', { body: { email: 'new@example.com', role: 'editor' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'new@example.com', role: 'editor', disabledAt: null });
    const token: string = invited.body.invite.token;
    expect(token.length).toBeGreaterThan(40);
    expect(JSON.stringify((await hf.api('/api/auth/users')).body)).not.toContain(token);
    const weak = await hf.api('/api/auth/reset-password', { body: { token, password: 'short' }, auth: null });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details).toEqual([{ pointer: '/password', message: expect.any(String) }]);
    const set = await hf.api('/api/auth/reset-password', {
      body: { token, password: 'my own new password' },
      auth: null,
    });
    expect(set.status).toBe(204);
    await login(hf, { email: 'new@example.com', password: 'my own new password' });
    const reused = await hf.api('/api/auth/reset-password', {
      body: { token, password: 'another new password' },
      auth: null,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('reset_token_invalid');
    await login(hf, { email: 'new@example.com', password: 'my own new password' });
  });

  it('demotes, disables, enables and deletes with effect on existing sessions and keys at once', async () => {
    hf = await start();
    const ed = await addUser(hf, 'ed@example.com', 'editor');
    const s = asSession(hf, await login(hf, ed));
    const key = (await s('/api/auth/keys', { body: { name: 'ed-key' } })).body.key as string;
    expect((await s('/api/workflows', { body: sampleDoc('w1') })).status).toBe(201);
    expect((await hf.api('/api/workflows', { body: sampleDoc('w2'), auth: key })).status).toBe(201);

    const demoted = await hf.api(`/api/auth/users/${ed.id}`, { method: 'PATCH', body: { role: 'viewer' } });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('viewer');
    expect((await s('/api/workflows', { body: sampleDoc('w3') })).status).toBe(403);
    expect((await hf.api('/api/workflows', { body: sampleDoc('w4'), auth: key })).status).toBe(403);
    expect((await s('/api/workflows')).status).toBe(200);

    const disabled = await hf.api(`/api/auth/users/${ed.id}`, { method: 'PATCH', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await s('/api/workflows')).status).toBe(401);
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
    const refused = await hf.api('/api/auth/login', { body: { email: ed.email, password: ed.password }, auth: null });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('account_disabled');
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await hf.store.listAudit({ limit: 5 })).items[0]).toMatchObject({
      action: 'auth.login-disabled',
      resourceId: ed.id,
    });

    expect((await hf.api(`/api/auth/users/${ed.id}`, { method: 'PATCH', body: { disabled: false } })).status).toBe(200);
    // The sessions of a disabled account are gone for good; its keys work again.
    expect((await s('/api/workflows')).status).toBe(401);
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(200);
    const s2 = asSession(hf, await login(hf, ed));
    expect((await s2('/api/workflows')).status).toBe(200);

    expect((await hf.api(`/api/auth/users/${ed.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s2('/api/workflows')).status).toBe(401);
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
    expect((await hf.api(`/api/auth/users/${ed.id}`)).status).toBe(404);
    expect((await hf.api(`/api/auth/users/${ed.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await hf.store.getWorkflow('w3')).toBeNull();
    expect(await hf.store.getWorkflow('w4')).toBeNull();

    const actions = (await hf.store.listAudit({ limit: 50, resource: 'user' })).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.create', 'user.role-change', 'user.disable', 'user.enable', 'user.delete']),
    );
  });

  it('never demotes, disables or deletes the last enabled owner', async () => {
    hf = await start();
    const owner = await hf.store.getUserByEmail(OWNER.email);
    const id = owner?.id as string;
    for (const [method, body] of [
      ['PATCH', { role: 'editor' }],
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const r = await hf.api(`/api/auth/users/${id}`, { method, body });
      expect(r.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect(r.body.error.code).toBe('last_owner');
    }
    // Also not by itself, through its own session.
    const self = asSession(hf, await login(hf, OWNER));
    expect((await self(`/api/auth/users/${id}`, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(409);
    expect(await hf.store.getUser(id)).toEqual(owner);
    // With a second owner, the first may step down.
    await addUser(hf, 'second@example.com', 'owner');
    expect((await self(`/api/auth/users/${id}`, { method: 'PATCH', body: { role: 'editor' } })).status).toBe(200);
    expect((await self('/api/auth/users')).status).toBe(403);
  });

  it('lets only one of two owners demoting each other at the same moment succeed', async () => {
    hf = await start();
    const first = (await hf.store.getUserByEmail(OWNER.email))?.id as string;
    const second = await addUser(hf, 'second@example.com', 'owner');
    const results = await Promise.all(
      [first, second.id].map((id) => hf.api(`/api/auth/users/${id}`, { method: 'PATCH', body: { disabled: true } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const owners = (await hf.store.listUsers()).filter((u) => u.role === 'owner' && u.disabledAt === null);
    expect(owners).toHaveLength(1);
  });

  it('refuses malformed changes with 400 and changes nothing', async () => {
    hf = await start();
    const ed = await addUser(hf, 'ed@example.com', 'editor');
    const before = await hf.store.getUser(ed.id);
    for (const body of [{}, { role: 'god' }, { disabled: 'yes' }, { role: 'viewer', email: 'x@y.z' }, [], 'text']) {
      const r = await hf.api(`/api/auth/users/${ed.id}`, { method: 'PATCH', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await hf.api(`/api/auth/users/${ed.id}/password`, { method: 'PUT', body: { password: 'x' } })).status).toBe(
      400,
    );
    expect((await hf.api('/api/auth/users', { body: { email: 'nope', role: 'viewer' } })).status).toBe(400);
    expect((await hf.api('/api/auth/users', { body: { email: 'a@b.c', role: 'admin' } })).status).toBe(400);
    expect(
      (await hf.api('/api/auth/reset-password', { body: { password: 'long enough pw!' }, auth: null })).status,
    ).toBe(400);
    expect(await hf.store.getUser(ed.id)).toEqual(before);
    expect(await hf.store.countUsers()).toBe(2);
  });

  it('sets a password or hands out a reset token; either signs the user out everywhere', async () => {
    hf = await start();
    const ed = await addUser(hf, 'ed@example.com', 'editor');
    const s = asSession(hf, await login(hf, ed));
    const set = await hf.api(`/api/auth/users/${ed.id}/password`, {
      method: 'PUT',
      body: { password: 'set by the owner 1' },
    });
    expect(set.status).toBe(204);
    expect((await s('/api/workflows')).status).toBe(401);
    expect((await hf.api('/api/auth/login', { body: ed, auth: null })).status).toBe(401);
    const s2 = asSession(hf, await login(hf, { email: ed.email, password: 'set by the owner 1' }));

    const reset = await hf.api(`/api/auth/users/${ed.id}/password-reset`, { method: 'POST' });
    expect(reset.status).toBe(201);
    const used = await hf.api('/api/auth/reset-password', {
      body: { token: reset.body.token, password: 'chosen after reset' },
      auth: null,
    });
    expect(used.status).toBe(204);
    expect((await s2('/api/workflows')).status).toBe(401);
    await login(hf, { email: ed.email, password: 'chosen after reset' });
    const actions = (await hf.store.listAudit({ limit: 50 })).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.password-set', 'user.password-reset', 'user.password-reset-used']),
    );
  });

  it('lists and revokes sessions and keys: users their own, owners anyone’s', async () => {
    hf = await start();
    const ed = await addUser(hf, 'ed@example.com', 'editor');
    const vi = await addUser(hf, 'vi@example.com', 'viewer');
    const laptop = asSession(hf, await login(hf, ed));
    const phone = asSession(hf, await login(hf, ed));
    const viewer = asSession(hf, await login(hf, vi));

    const mine = await laptop('/api/auth/sessions');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    expect(mine.body.items.every((x: { userId: string }) => x.userId === ed.id)).toBe(true);
    const other = mine.body.items.find((x: { current: boolean }) => !x.current);
    // Ids are not the token or its stored hash.
    const stored = await hf.store.listSessions(Date.now(), ed.id);
    expect(stored.map((x) => x.tokenHash)).not.toContain(other.id);

    // A viewer cannot see or end someone else's session.
    expect((await viewer('/api/auth/sessions')).body.items).toHaveLength(1);
    expect((await viewer(`/api/auth/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await phone('/api/workflows')).status).toBe(200);

    expect((await laptop(`/api/auth/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await phone('/api/workflows')).status).toBe(401);
    expect((await laptop('/api/workflows')).status).toBe(200);

    // Owners see and end anyone's sessions and keys.
    const key = (await laptop('/api/auth/keys', { body: { name: 'ed' } })).body.key as string;
    const listed = await hf.api(`/api/auth/users/${ed.id}/sessions`);
    expect(listed.body.items).toHaveLength(1);
    expect((await hf.api('/api/auth/sessions')).body.items.length).toBeGreaterThanOrEqual(2);
    const ended = await hf.api(`/api/auth/users/${ed.id}/sessions`, { method: 'DELETE' });
    expect(ended.body).toEqual({ revoked: 1 });
    expect((await laptop('/api/workflows')).status).toBe(401);
    expect((await viewer('/api/workflows')).status).toBe(200);
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(200);
    expect((await hf.api(`/api/auth/users/${ed.id}/keys`, { method: 'DELETE' })).body).toEqual({ revoked: 1 });
    expect((await hf.api('/api/workflows', { auth: key })).status).toBe(401);
    expect((await viewer(`/api/auth/users/${ed.id}/sessions`)).status).toBe(403);
    const actions = (await hf.store.listAudit({ limit: 50 })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['session.delete', 'user.revoke-sessions', 'user.revoke-keys']));
  });
});

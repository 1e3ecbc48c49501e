// /api/auth/users — the owner's access management: add or invite users, change roles,
// disable, enable, delete, set or reset passwords, and revoke a user's sessions and keys.
// Every change is recorded by the audit middleware; each route names its action precisely.
// The last enabled owner can never be demoted, disabled or deleted (checked atomically in
// the store), so the instance always keeps someone able to manage it.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { newUser } from '../../auth/bootstrap-owner.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import { isRole, ROLES } from '../../auth/roles.ts';
import { randomSecret, sha256 } from '../../auth/tokens.ts';
import { invalid, notFound, UserError } from '../../lib/errors.ts';
import type { Role, UserChange, UserRow } from '../../store/store.ts';
import type { AppContext } from '../app-context.ts';
import { credentialsBody, userView } from './auth.ts';
import { sessionView } from './sessions.ts';

/** How long a one-time token lasts: an invitation waits for a week, a reset for a day. */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;
export const RESET_TTL_MS = 24 * 3_600_000;

type Problem = { pointer: string; message: string };

function changed(result: UserChange, id: string): UserRow {
  if (result.ok) return result.user;
  if (result.reason === 'not_found') throw notFound('user', id);
  throw new UserError(
    409,
    'last_owner',
    'this is the last enabled owner: make another user owner first, so someone can still manage Hookflow',
  );
}

export function usersRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  const mustGet = async (id: string) => {
    const user = await store.getUser(id);
    if (!user) throw notFound('user', id);
    return user;
  };
  const resetToken = async (userId: string, ttlMs: number) => {
    const token = randomSecret();
    const now = Date.now();
    await store.createPasswordReset({ tokenHash: sha256(token), userId, createdAt: now, expiresAt: now + ttlMs });
    // Shown once; the store keeps its hash. The user sends it to POST /api/auth/reset-password.
    return { token, expiresAt: new Date(now + ttlMs).toISOString() };
  };

  router.get('/', async (_req, res) => {
    res.json({ items: (await store.listUsers()).map(userView) });
  });

  router.post('/', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    // Without a password the user is invited: they choose one with the one-time token.
    const invite = b.password === undefined;
    const { email } = credentialsBody(invite ? { ...b, password: randomSecret() } : b, MIN_PASSWORD_LENGTH);
    if (!isRole(b.role)) {
      throw invalid('invalid request body', [{ pointer: '/role', message: `must be one of ${ROLES.join(', ')}` }]);
    }
    const user = await newUser(email, invite ? randomSecret() : (b.password as string), b.role);
    if (!(await store.createUser(user))) {
      throw new UserError(409, 'user_exists', `a user with e-mail "${user.email}" exists`);
    }
    res.locals.auditResourceId = user.id;
    res.locals.auditAction = invite ? 'user.invite' : 'user.create';
    res
      .status(201)
      .location(`/api/auth/users/${user.id}`)
      .json({ ...userView(user), ...(invite ? { invite: await resetToken(user.id, INVITE_TTL_MS) } : {}) });
  });

  router.get('/:id', async (req, res) => {
    res.json(userView(await mustGet(req.params.id)));
  });

  router.patch('/:id', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: Problem[] = [];
    if (!b || typeof b !== 'object' || Array.isArray(b) || (b.role === undefined && b.disabled === undefined)) {
      problems.push({ pointer: '', message: 'send role and/or disabled' });
    }
    if (b.role !== undefined && !isRole(b.role)) {
      problems.push({ pointer: '/role', message: `must be one of ${ROLES.join(', ')}` });
    }
    if (b.disabled !== undefined && typeof b.disabled !== 'boolean') {
      problems.push({ pointer: '/disabled', message: 'must be true or false' });
    }
    const unknown = Object.keys(b).filter((k) => k !== 'role' && k !== 'disabled');
    for (const k of unknown) problems.push({ pointer: `/${k}`, message: 'is not a field of a user change' });
    if (problems.length > 0) throw invalid('invalid request body', problems);
    const before = await mustGet(req.params.id);
    const disabledAt =
      b.disabled === undefined ? before.disabledAt : b.disabled ? (before.disabledAt ?? Date.now()) : null;
    const user = changed(
      await store.updateUser(before.id, { ...(b.role !== undefined ? { role: b.role as Role } : {}), disabledAt }),
      before.id,
    );
    // A disabled account is refused on every request already; its sessions go as well, so
    // enabling it later does not revive them.
    if (user.disabledAt !== null && before.disabledAt === null) await store.deleteUserSessions(user.id);
    const actions = [
      ...(user.role !== before.role ? ['user.role-change'] : []),
      ...(user.disabledAt !== null && before.disabledAt === null ? ['user.disable'] : []),
      ...(user.disabledAt === null && before.disabledAt !== null ? ['user.enable'] : []),
    ];
    res.locals.auditAction = actions.length === 1 ? actions[0] : 'user.update';
    res.json(userView(user));
  });

  router.delete('/:id', async (req, res) => {
    changed(await store.deleteUser(req.params.id, Date.now()), req.params.id);
    res.status(204).end();
  });

  router.put('/:id/password', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.password !== 'string' || b.password.length < MIN_PASSWORD_LENGTH) {
      throw invalid('invalid request body', [
        { pointer: '/password', message: `must be a string of at least ${MIN_PASSWORD_LENGTH} characters` },
      ]);
    }
    await mustGet(req.params.id);
    const user = changed(
      await store.updateUser(req.params.id, { passwordHash: await hashPassword(b.password) }),
      req.params.id,
    );
    // Whoever knew the old password is signed out; the owner hands the new one over.
    await store.deleteUserSessions(user.id);
    res.locals.auditAction = 'user.password-set';
    res.status(204).end();
  });

  router.post('/:id/password-reset', async (req, res) => {
    const user = await mustGet(req.params.id);
    res.locals.auditAction = 'user.password-reset';
    res.status(201).json(await resetToken(user.id, RESET_TTL_MS));
  });

  router.get('/:id/sessions', async (req, res) => {
    const user = await mustGet(req.params.id);
    const current = principalOf(res)?.sessionHash ?? null;
    const sessions = await store.listSessions(Date.now(), user.id);
    res.json({ items: sessions.map((s) => sessionView(s, current)) });
  });

  router.delete('/:id/sessions', async (req, res) => {
    const user = await mustGet(req.params.id);
    res.locals.auditAction = 'user.revoke-sessions';
    res.json({ revoked: await store.deleteUserSessions(user.id) });
  });

  router.delete('/:id/keys', async (req, res) => {
    const user = await mustGet(req.params.id);
    res.locals.auditAction = 'user.revoke-keys';
    res.json({ revoked: await store.revokeUserApiKeys(user.id, Date.now()) });
  });

  return router;
}

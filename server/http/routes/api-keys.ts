// /api/auth/keys — API keys: everyone lists, creates (with a role no higher than their own)
// and revokes their own; owners see and revoke everyone's. The key itself is shown once.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { ADMIN_KEY_USER } from '../../auth/principal.ts';
import { atLeast, isRole, ROLES } from '../../auth/roles.ts';
import { newApiKey, sha256 } from '../../auth/tokens.ts';
import { invalid, notFound, UserError } from '../../lib/errors.ts';
import { ulid } from '../../lib/ids.ts';
import type { ApiKeyRow, Role } from '../../store/store.ts';
import type { AppContext } from '../app-context.ts';
import { mustBe } from './auth.ts';

const keyView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  userId: k.userId,
  role: k.role,
  prefix: k.prefix,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt === null ? null : new Date(k.lastUsedAt).toISOString(),
  revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
});

export function apiKeysRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  router.get('/', async (_req, res) => {
    const p = mustBe(principalOf(res));
    const keys = await store.listApiKeys(p.role === 'owner' ? undefined : p.userId);
    res.json({ items: keys.map(keyView) });
  });

  router.post('/', async (req, res) => {
    const p = mustBe(principalOf(res));
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: { pointer: string; message: string }[] = [];
    if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 100) {
      problems.push({ pointer: '/name', message: 'must be a non-empty string of at most 100 characters' });
    }
    if (b.role !== undefined && !isRole(b.role)) {
      problems.push({ pointer: '/role', message: `must be one of ${ROLES.join(', ')}` });
    }
    if (problems.length > 0) throw invalid('invalid request body', problems);
    const role = (b.role as Role | undefined) ?? p.role;
    if (!atLeast(p.role, role)) {
      throw new UserError(403, 'forbidden', `a ${p.role} cannot create a key with the ${role} role`);
    }
    const { key, prefix, hash } = newApiKey();
    const row: ApiKeyRow = {
      id: ulid(),
      name: (b.name as string).trim(),
      userId: p.userId,
      role,
      prefix,
      keyHash: hash,
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
      // Tied to this admin key: removing or rotating ADMIN_API_KEY revokes what it minted.
      adminKeyHash: p.userId === ADMIN_KEY_USER && ctx.config.adminApiKey ? sha256(ctx.config.adminApiKey) : null,
    };
    await store.createApiKey(row);
    res.locals.auditResourceId = row.id;
    // The only time the key is ever shown: the store keeps its hash.
    res.status(201).json({ ...keyView(row), key });
  });

  router.delete('/:id', async (req, res) => {
    const p = mustBe(principalOf(res));
    const keys = await store.listApiKeys(p.role === 'owner' ? undefined : p.userId);
    const key = keys.find((k) => k.id === req.params.id);
    if (!key) throw notFound('API key', req.params.id);
    if (!(await store.revokeApiKey(key.id, Date.now()))) {
      throw new UserError(409, 'already_revoked', `API key "${key.id}" was revoked already`);
    }
    res.status(204).end();
  });

  return router;
}

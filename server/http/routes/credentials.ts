// /api/credentials — names and types are listed; values are write-only and never returned.
import { Router } from 'express';
import { CREDENTIAL_TYPES } from '../../credentials/credential-types.ts';
import type { CredentialSummary } from '../../credentials/vault.ts';
import { notFound, UserError } from '../../lib/errors.ts';
import type { AppContext } from '../app-context.ts';

const view = (c: CredentialSummary) => ({
  name: c.name,
  type: c.type,
  createdAt: new Date(c.createdAt).toISOString(),
  updatedAt: new Date(c.updatedAt).toISOString(),
});

export function credentialsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { vault } = ctx;

  router.get('/', async (_req, res) => {
    res.json({ items: (await vault.list()).map(view) });
  });

  router.get('/types', (_req, res) => {
    res.json({ items: CREDENTIAL_TYPES });
  });

  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; type?: unknown; data?: unknown };
    const name = typeof body.name === 'string' ? body.name : '';
    if (name && (await vault.list()).some((c) => c.name === name)) {
      throw new UserError(
        409,
        'already_exists',
        `credential "${name}" already exists; PUT /api/credentials/${name} to replace its value`,
      );
    }
    const { credential } = await vault.put(name, String(body.type ?? ''), body.data);
    res
      .status(201)
      .location(`/api/credentials/${encodeURIComponent(name)}`)
      .json(view(credential));
  });

  router.put('/:name', async (req, res) => {
    const body = (req.body ?? {}) as { type?: unknown; data?: unknown };
    const { created, credential } = await vault.put(req.params.name, String(body.type ?? ''), body.data);
    res.status(created ? 201 : 200).json(view(credential));
  });

  router.get('/:name', async (req, res) => {
    const c = (await vault.list()).find((x) => x.name === req.params.name);
    if (!c) throw notFound('credential', req.params.name);
    res.json(view(c));
  });

  router.delete('/:name', async (req, res) => {
    if (!(await vault.delete(req.params.name))) throw notFound('credential', req.params.name);
    res.status(204).end();
  });

  return router;
}

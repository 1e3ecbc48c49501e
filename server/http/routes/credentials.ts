// /api/credentials — names and types are listed; values are write-only and never returned.
// Edits merge onto the stored value (fields left out keep theirs), rotation keeps the old
// secret accepted, and a test makes one harmless call with the value (credential-check.ts).
import { Router } from 'express';
import { isRotatable, rotateCredential, updateCredential } from '../../credentials/credential-edits.ts';
import { CREDENTIAL_TYPES } from '../../credentials/credential-types.ts';
import type { CredentialSummary } from '../../credentials/vault.ts';
import { notFound, UserError } from '../../lib/errors.ts';
import { checkCredential, isTestable } from '../../nodes/credential-check.ts';
import type { AppContext } from '../app-context.ts';

const view = (c: CredentialSummary) => ({
  name: c.name,
  type: c.type,
  createdAt: new Date(c.createdAt).toISOString(),
  updatedAt: new Date(c.updatedAt).toISOString(),
});

/** A test is one small call: longer than this, the answer is "no answer", not a hung editor. */
const CHECK_TIMEOUT_MS = 10_000;

export function credentialsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { vault } = ctx;

  router.get('/', async (_req, res) => {
    res.json({ items: (await vault.list()).map(view) });
  });

  router.get('/types', (_req, res) => {
    res.json({
      items: CREDENTIAL_TYPES.map((t) => ({ ...t, testable: isTestable(t.type), rotatable: isRotatable(t.type) })),
    });
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

  router.patch('/:name', async (req, res) => {
    const body = (req.body ?? {}) as { data?: unknown };
    res.json(view(await updateCredential(vault, req.params.name, body.data)));
  });

  router.post('/:name/rotate', async (req, res) => {
    const body = (req.body ?? {}) as { secret?: unknown };
    res.locals.auditAction = 'credential.rotate';
    res.json(view(await rotateCredential(vault, req.params.name, body.secret)));
  });

  router.post('/:name/test', async (req, res) => {
    const value = await vault.get(req.params.name);
    if (!value) throw notFound('credential', req.params.name);
    if (!isTestable(value.type)) {
      throw new UserError(400, 'not_testable', `a ${value.type} credential has no harmless call to test it with`);
    }
    res.locals.auditAction = 'credential.test';
    res.json(await checkCredential(value, { ...ctx.outbound, timeoutMs: CHECK_TIMEOUT_MS }));
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

// /api/templates — the gallery (workflows/templates/*.json) and installing one: the workflow is created
// inactive under a free id, with the template's sample request stored as a captured test
// request, so the editor's expression previews show real values at once.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { loadTemplates, TEMPLATES_DIR, type TemplateLoad, templateCredentials } from '../../authoring/templates.ts';
import { invalid, notFound, UserError } from '../../lib/errors.ts';
import { ulid } from '../../lib/ids.ts';
import { SAMPLES_KEPT } from '../../triggers/capture-sample.ts';
import type { AppContext } from '../app-context.ts';
import { workflowView } from '../views.ts';

/** Tried in turn when the template's own id is taken: `github-to-slack`, `github-to-slack-2`, … */
const MAX_COPIES = 100;

export function templatesRouter(ctx: AppContext, dir = TEMPLATES_DIR): Router {
  const router = Router({ caseSensitive: true });
  const { store, loader, config, logger } = ctx;
  let loaded: Promise<TemplateLoad> | null = null;
  const templates = () => {
    loaded ??= loadTemplates(dir, ctx.limits).then((load) => {
      for (const bad of load.invalid) logger.warn({ file: bad.file, problems: bad.problems }, 'template skipped');
      return load;
    });
    return loaded.then((load) => load.templates);
  };

  router.get('/', async (_req, res) => {
    const items = (await templates()).map(({ document: d, sample }) => ({
      id: d.id,
      name: d.name,
      description: d.description ?? '',
      source: d.trigger.auth?.type === 'hmac' ? d.trigger.auth.preset : 'webhook',
      steps: d.steps.map((s) => ({ id: s.id, type: s.type })),
      credentials: templateCredentials(d),
      sample,
    }));
    res.json({ items });
  });

  router.post('/:id/install', async (req, res) => {
    const template = (await templates()).find((t) => t.document.id === req.params.id);
    if (!template) throw notFound('template', req.params.id);
    const body = (req.body ?? {}) as { name?: unknown };
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) {
      throw invalid('invalid request body', [{ pointer: '/name', message: 'must be a non-empty string' }]);
    }
    let id: string | null = null;
    for (let n = 1; n <= MAX_COPIES && id === null; n++) {
      const candidate = n === 1 ? template.document.id : `${template.document.id}-${n}`;
      if (!(await store.getWorkflow(candidate))) id = candidate;
    }
    if (id === null) {
      throw new UserError(409, 'workflow_exists', `${MAX_COPIES} copies of this template exist; delete some first`);
    }
    const doc = {
      ...structuredClone(template.document),
      id,
      name: typeof body.name === 'string' ? body.name.trim() : template.document.name,
      // Installed to look at and adapt; going live is a separate, deliberate step.
      active: false,
    };
    const { row } = await store.saveWorkflow(doc, principalOf(res)?.email ?? 'api');
    loader.invalidate();
    const { sample } = template;
    await store.saveSample(
      {
        id: ulid(),
        workflowId: id,
        receivedAt: Date.now(),
        method: sample.method ?? 'POST',
        path: '/',
        headers: sample.headers ?? { 'content-type': 'application/json' },
        query: sample.query ?? {},
        body: sample.body,
        verification: { ok: null },
      },
      SAMPLES_KEPT,
    );
    res.locals.auditResourceId = id;
    res.locals.auditAction = 'workflow.install-template';
    res
      .status(201)
      .location(`/api/workflows/${id}`)
      .json(workflowView(row, config.hooksPublicUrl ?? config.publicUrl, null));
  });

  return router;
}

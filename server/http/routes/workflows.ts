// /api/workflows — CRUD, validation, activation, versions, token rotation.
import { Router } from 'express';
import { validateWorkflow } from '../../authoring/validate-workflow.ts';
import { invalid, notFound, UserError } from '../../lib/errors.ts';
import type { WorkflowRow } from '../../store/store.ts';
import type { WorkflowDocument } from '../../workflow/types.ts';
import type { AppContext } from '../app-context.ts';
import { executionRef, workflowView } from '../views.ts';
import { draftView, skeleton, storableDraft } from '../workflow-drafts.ts';
import { versionSource } from './version-source.ts';

export function workflowsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store, loader, config } = ctx;

  const view = async (row: WorkflowRow, withDraft = false) => {
    const last = await store.listExecutions({ workflowId: row.id, limit: 1 });
    const v = workflowView(
      row,
      config.hooksPublicUrl ?? config.publicUrl,
      last.items[0] ? executionRef(last.items[0]) : null,
    );
    if (withDraft) v.draft = draftView(await store.getDraft(row.id));
    return v;
  };
  const mustGet = async (id: string) => {
    const row = await store.getWorkflow(id);
    if (!row) throw notFound('workflow', id);
    return row;
  };
  const checked = (body: unknown): WorkflowDocument => {
    const result = validateWorkflow(body, ctx.limits);
    if (!result.ok) throw invalid('the workflow is not valid', result.problems);
    return result.document;
  };

  router.get('/', async (_req, res) => {
    const rows = await store.listWorkflows();
    res.json({ items: await Promise.all(rows.map((row) => view(row))) });
  });

  router.post('/validate', (req, res) => {
    const result = validateWorkflow(req.body, ctx.limits);
    res.json(result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.problems });
  });

  router.post('/', async (req, res) => {
    const draft = wantsDraft(req.query) ? storableDraft(req.body, ctx.limits) : null;
    if (draft) {
      // A first save with problems: the workflow starts inactive with an empty first version
      // (what it runs is nothing), and the document is kept as its draft.
      if (await store.getWorkflow(draft.id)) throw exists(draft.id);
      const { row } = await store.saveWorkflow(skeleton(draft), versionSource(res));
      await store.saveDraft({
        workflowId: row.id,
        document: draft.document,
        problems: draft.problems,
        savedAt: Date.now(),
      });
      loader.invalidate();
      res
        .status(201)
        .location(`/api/workflows/${row.id}`)
        .json(await view(row, true));
      return;
    }
    const doc = checked(req.body);
    if (await store.getWorkflow(doc.id)) {
      throw exists(doc.id);
    }
    const { row } = await store.saveWorkflow(doc, versionSource(res));
    loader.invalidate();
    res
      .status(201)
      .location(`/api/workflows/${row.id}`)
      .json(await view(row));
  });

  router.get('/:id', async (req, res) => {
    res.json(await view(await mustGet(req.params.id), true));
  });

  router.put('/:id', async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body) && body.id === undefined) body.id = req.params.id;
    if (body?.id !== req.params.id) {
      throw invalid(`the document id "${String(body?.id)}" does not match the URL id "${req.params.id}"`, [
        { pointer: '/id', message: `must be "${req.params.id}"` },
      ]);
    }
    const current = await mustGet(req.params.id);
    // With ?draft=true (the editor) saving never blocks on problems: a document with problems is
    // kept as the draft (the versions, which run, stay as they were); only activation waits for a
    // fix. Without it (files, CLI, automation) a document with problems is refused as before.
    const draft = wantsDraft(req.query) ? storableDraft(body, ctx.limits) : null;
    if (draft) {
      await store.saveDraft({
        workflowId: current.id,
        document: draft.document,
        problems: draft.problems,
        savedAt: Date.now(),
      });
      res.json(await view(current, true));
      return;
    }
    const { row } = await store.saveWorkflow(checked(body), versionSource(res));
    await store.deleteDraft(row.id);
    loader.invalidate();
    res.json(await view(row, true));
  });

  router.delete('/:id', async (req, res) => {
    if (!(await store.deleteWorkflow(req.params.id))) throw notFound('workflow', req.params.id);
    await store.deleteDraft(req.params.id);
    loader.invalidate();
    res.status(204).end();
  });

  for (const [action, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const) {
    router.post(`/:id/${action}`, async (req, res) => {
      const draft = active ? await store.getDraft(req.params.id) : null;
      if (draft) {
        throw new UserError(
          409,
          'draft_has_problems',
          'the saved draft has problems: fix them and save, then activate',
          draft.problems,
        );
      }
      const row = await store.setActive(req.params.id, active);
      if (!row) throw notFound('workflow', req.params.id);
      loader.invalidate();
      res.json(await view(row));
    });
  }

  router.post('/:id/rotate-token', async (req, res) => {
    const row = await store.rotateToken(req.params.id);
    if (!row) throw notFound('workflow', req.params.id);
    loader.invalidate();
    res.json(await view(row));
  });

  router.get('/:id/versions', async (req, res) => {
    await mustGet(req.params.id);
    const versions = await store.listVersions(req.params.id);
    res.json({
      items: versions.map((v) => ({
        version: v.version,
        source: v.source,
        createdAt: new Date(v.createdAt).toISOString(),
      })),
    });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const v = await store.getVersion(req.params.id, versionNumber(req.params.version));
    if (!v) throw notFound('version', `${req.params.id}@${req.params.version}`);
    res.json({
      version: v.version,
      source: v.source,
      createdAt: new Date(v.createdAt).toISOString(),
      document: v.document,
    });
  });

  router.post('/:id/versions/:version/restore', async (req, res) => {
    const current = await mustGet(req.params.id);
    const v = await store.getVersion(req.params.id, versionNumber(req.params.version));
    if (!v) throw notFound('version', `${req.params.id}@${req.params.version}`);
    // Validated like any new version: an old document may no longer fit today's node types.
    const doc = checked({ ...v.document, active: current.active });
    const { row } = await store.saveWorkflow(doc, `restore:${v.version} by ${versionSource(res)}`);
    await store.deleteDraft(row.id);
    loader.invalidate();
    res.json(await view(row));
  });

  return router;
}

const wantsDraft = (query: unknown) => (query as Record<string, unknown>).draft === 'true';

const exists = (id: string) =>
  new UserError(409, 'workflow_exists', `a workflow with id "${id}" exists; PUT /api/workflows/${id} updates it`);

function versionNumber(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw invalid(`version must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

// /api/executions — list with filters, search and cursor pagination (one workflow or all),
// one with its steps, earlier attempts and replays; retry and replay.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { type RerunVersion, replayExecution, retryExecution } from '../../engine/rerun-execution.ts';
import { invalid, notFound, UserError } from '../../lib/errors.ts';
import type { ExecutionFilter } from '../../store/store.ts';
import type { ExecutionStatus, RerunView } from '../api-types.ts';
import type { AppContext } from '../app-context.ts';
import { executionRef, executionView } from '../views.ts';

const STATUSES: ExecutionStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const KINDS = ['all', 'production', 'test'] as const;
const ID = /^[0-9A-Za-z]{26}$/;
const MAX_SEARCH = 200;

type Problem = { pointer: string; message: string };

export function executionsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  router.get('/', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const problems: Problem[] = [];
    const text = (name: string): string | undefined => {
      const v = q[name];
      if (v === undefined) return undefined;
      if (typeof v === 'string') return v;
      problems.push({ pointer: `/query/${name}`, message: 'must be given once, as text' });
      return undefined;
    };
    const status = text('status');
    if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) {
      problems.push({ pointer: '/query/status', message: `must be one of ${STATUSES.join(', ')}` });
    }
    const rawLimit = text('limit');
    const limit = rawLimit === undefined ? 50 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      problems.push({ pointer: '/query/limit', message: 'must be a whole number from 1 to 500' });
    }
    const cursor = text('cursor');
    if (cursor !== undefined && !/^[0-9A-Z]{26}$/.test(cursor)) {
      problems.push({ pointer: '/query/cursor', message: 'is not a cursor returned by this API' });
    }
    const kind = text('kind') ?? 'all';
    if (!(KINDS as readonly string[]).includes(kind)) {
      problems.push({ pointer: '/query/kind', message: `must be one of ${KINDS.join(', ')}` });
    }
    const replayOf = text('replayOf');
    if (replayOf !== undefined && !ID.test(replayOf)) {
      problems.push({ pointer: '/query/replayOf', message: 'must be an execution id' });
    }
    const search = text('q')?.trim();
    if (search !== undefined && search.length > MAX_SEARCH) {
      problems.push({ pointer: '/query/q', message: `must be at most ${MAX_SEARCH} characters` });
    }
    const workflowId = text('workflowId');
    if (problems.length > 0) throw invalid('invalid query', problems);
    // Viewers who may not see payloads may not probe them by search either: ids only.
    if (search && !ID.test(search) && ctx.config.viewerHidePayloads && principalOf(res)?.role === 'viewer') {
      throw new UserError(
        403,
        'forbidden',
        'searching payload text needs the editor role (VIEWER_HIDE_PAYLOADS is on)',
        {
          role: 'viewer',
        },
      );
    }
    const filter: ExecutionFilter = { limit, cursor, workflowId, status: status as ExecutionStatus | undefined };
    if (search) filter.search = search;
    if (kind !== 'all') filter.testRun = kind === 'test';
    if (replayOf) filter.replayOf = replayOf.toUpperCase();
    const page = await store.listExecutions(filter);
    res.json({ items: page.items.map((e) => executionView(e)), nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const exec = await store.getExecution(req.params.id);
    if (!exec) throw notFound('execution', req.params.id);
    const view = executionView(exec, await store.listStepRecords(exec.id));
    view.replays = (await store.listExecutions({ replayOf: exec.id, limit: 50 })).items.map(executionRef);
    res.json(view);
  });

  router.post('/:id/replay', async (req, res) => {
    const r = await replayExecution(store, ctx.queue, req.params.id, rerunVersion(req.body));
    const body: RerunView = { ...r, status: 'queued' };
    res.status(202).location(`/api/executions/${r.executionId}`).json(body);
  });

  router.post('/:id/retry', async (req, res) => {
    const r = await retryExecution(store, ctx.queue, ctx.loader.load, req.params.id, rerunVersion(req.body));
    const body: RerunView = { ...r, status: 'queued' };
    res.status(202).location(`/api/executions/${r.executionId}`).json(body);
  });

  return router;
}

/** `{ "version": "current" | "original" }`; an empty body means current. */
function rerunVersion(body: unknown): RerunVersion {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) {
    return 'current';
  }
  const v = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).version : undefined;
  const extra =
    typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).filter((k) => k !== 'version') : ['/'];
  if ((v === 'current' || v === 'original') && extra.length === 0) return v;
  throw invalid('the body must be {"version": "current"} or {"version": "original"}', [
    { pointer: '/version', message: 'must be "current" (the newest version) or "original" (the version it ran)' },
  ]);
}

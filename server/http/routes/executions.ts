// /api/executions — list with filters and cursor pagination, and one with its steps.
import { Router } from 'express';
import { replayExecution, retryExecution } from '../../engine/rerun-execution.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import type { ExecutionStatus } from '../api-types.ts';
import type { AppContext } from '../app-context.ts';
import { executionView } from '../views.ts';

const STATUSES: ExecutionStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];

export function executionsRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  const { store } = ctx;

  router.get('/', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const problems: { pointer: string; message: string }[] = [];
    if (q.status !== undefined && !STATUSES.includes(q.status as ExecutionStatus)) {
      problems.push({ pointer: '/query/status', message: `must be one of ${STATUSES.join(', ')}` });
    }
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      problems.push({ pointer: '/query/limit', message: 'must be a whole number from 1 to 500' });
    }
    if (q.cursor !== undefined && !/^[0-9A-Z]{26}$/.test(q.cursor)) {
      problems.push({ pointer: '/query/cursor', message: 'is not a cursor returned by this API' });
    }
    if (problems.length > 0) throw invalid('invalid query', problems);
    const page = await store.listExecutions({
      workflowId: typeof q.workflowId === 'string' ? q.workflowId : undefined,
      status: q.status as ExecutionStatus | undefined,
      limit,
      cursor: q.cursor,
    });
    res.json({ items: page.items.map((e) => executionView(e)), nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const exec = await store.getExecution(req.params.id);
    if (!exec) throw notFound('execution', req.params.id);
    res.json(executionView(exec, await store.listStepRecords(exec.id)));
  });

  router.post('/:id/replay', async (req, res) => {
    const id = await replayExecution(store, ctx.queue, req.params.id);
    res.status(202).location(`/api/executions/${id}`).json({ executionId: id, status: 'queued' });
  });

  router.post('/:id/retry', async (req, res) => {
    await retryExecution(store, ctx.queue, ctx.loader.load, req.params.id);
    res.status(202).location(`/api/executions/${req.params.id}`).json({ executionId: req.params.id, status: 'queued' });
  });

  return router;
}

// GET /api/audit — the audit log, newest first, filterable by resource (owner only).
import { Router } from 'express';
import { invalid } from '../../lib/errors.ts';
import type { AppContext } from '../app-context.ts';

export function auditRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  router.get('/', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    const problems: { pointer: string; message: string }[] = [];
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      problems.push({ pointer: '/query/limit', message: 'must be a whole number from 1 to 500' });
    }
    for (const name of ['cursor', 'resource', 'resourceId']) {
      if (q[name] !== undefined && typeof q[name] !== 'string') {
        problems.push({ pointer: `/query/${name}`, message: 'must be a single string' });
      }
    }
    if (typeof q.cursor === 'string' && !/^[0-9A-Z]{26}$/.test(q.cursor)) {
      problems.push({ pointer: '/query/cursor', message: 'is not a cursor returned by this API' });
    }
    if (problems.length > 0) throw invalid('invalid query', problems);
    const page = await ctx.store.listAudit({
      limit,
      cursor: q.cursor as string | undefined,
      resource: q.resource as string | undefined,
      resourceId: q.resourceId as string | undefined,
    });
    res.json({
      items: page.items.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      nextCursor: page.nextCursor,
    });
  });
  return router;
}

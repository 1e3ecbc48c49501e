// ANY /hooks/:token — the public trigger URL.
import { Router } from 'express';
import { ingest } from '../../triggers/ingest.ts';
import { readBody } from '../../triggers/read-body.ts';
import type { AppContext } from '../app-context.ts';

export function hooksRouter(ctx: AppContext): Router {
  const router = Router();
  const deps = {
    store: ctx.store,
    queue: ctx.queue,
    loader: ctx.loader,
    logger: ctx.logger,
    bodyLimitBytes: ctx.config.bodyLimitBytes,
  };
  router.all('/hooks/:token', async (req, res) => {
    const result = await ingest(deps, {
      token: req.params.token as string,
      method: req.method,
      path: req.path,
      headers: req.headers,
      query: req.query as Record<string, unknown>,
      readBody: (limit) => readBody(req, limit),
    });
    res.status(result.status).set(result.headers);
    if (typeof result.body === 'string') res.send(result.body);
    else res.json(result.body);
  });
  return router;
}

// ANY /hooks/:token — the public trigger URL; ANY /hooks/:token/test — sample capture.
import { Router } from 'express';
import { captureSample } from '../../triggers/capture-sample.ts';
import { type IngestDeps, type IngestRequest, ingest } from '../../triggers/ingest.ts';
import { readBody } from '../../triggers/read-body.ts';
import type { AppContext } from '../app-context.ts';
import { sampleView } from './samples.ts';

export function hooksRouter(ctx: AppContext): Router {
  const router = Router();
  const deps: IngestDeps = {
    store: ctx.store,
    queue: ctx.queue,
    loader: ctx.loader,
    logger: ctx.logger,
    bodyLimitBytes: ctx.config.bodyLimitBytes,
    limits: ctx.limits,
    results: ctx.results,
    syncTimeoutMs: ctx.config.syncTimeoutMs,
    ...ctx.triggers,
  };
  const request = (req: import('express').Request): IngestRequest => ({
    token: req.params.token as string,
    method: req.method,
    path: req.path,
    headers: req.headers,
    query: req.query as Record<string, unknown>,
    remoteAddress: req.socket.remoteAddress,
    readBody: (limit) => readBody(req, limit),
  });
  router.all('/hooks/:token/test', async (req, res) => {
    const sample = await captureSample(deps, request(req));
    res.status(200).json({ captured: true, sample: sampleView(sample) });
  });
  router.all('/hooks/:token', async (req, res) => {
    const result = await ingest(deps, request(req));
    res.status(result.status).set(result.headers);
    if (typeof result.body === 'string') {
      // Express would call a string text/html; a reply to a machine is plain text unless set.
      if (!res.get('content-type')) res.type('text/plain');
      res.send(result.body);
    } else res.json(result.body);
  });
  return router;
}

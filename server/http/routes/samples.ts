// GET /api/workflows/:id/samples — requests captured by /hooks/:token/test, newest first.
import { Router } from 'express';
import { notFound } from '../../lib/errors.ts';
import type { TriggerSample } from '../../store/store.ts';
import { SAMPLES_KEPT } from '../../triggers/capture-sample.ts';
import type { TriggerSampleView } from '../api-types.ts';
import type { AppContext } from '../app-context.ts';

export function sampleView(s: TriggerSample): TriggerSampleView {
  const view: TriggerSampleView = {
    id: s.id,
    receivedAt: new Date(s.receivedAt).toISOString(),
    method: s.method,
    path: s.path,
    headers: s.headers,
    query: s.query,
    body: s.body,
    verification: s.verification,
  };
  if (s.files) view.files = s.files;
  return view;
}

export function samplesRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  router.get('/:id/samples', async (req, res) => {
    if (!(await ctx.store.getWorkflow(req.params.id))) throw notFound('workflow', req.params.id);
    const items = await ctx.store.listSamples(req.params.id, SAMPLES_KEPT);
    res.json({ items: items.map(sampleView) });
  });
  return router;
}

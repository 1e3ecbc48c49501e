// GET /metrics — Prometheus exposition. Public unless METRICS_TOKEN is set, in which case the
// scraper must send `Authorization: Bearer <METRICS_TOKEN>` (Prometheus `authorization` config).
import { Router } from 'express';
import { sameSecret } from '../../auth/tokens.ts';
import { UserError } from '../../lib/errors.ts';
import type { Metrics } from '../../observability/metrics.ts';

export function metricsRouter(metrics: Metrics, token: string | null): Router {
  const router = Router({ caseSensitive: true });
  router.get('/metrics', async (req, res) => {
    if (token !== null) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      if (!m || !sameSecret(m[1], token)) {
        throw new UserError(401, 'unauthenticated', 'send Authorization: Bearer <METRICS_TOKEN>', undefined, {
          'www-authenticate': 'Bearer',
        });
      }
    }
    res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

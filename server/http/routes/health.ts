// Liveness and readiness. Ready means the store and the queue both answer.
import { Router } from 'express';
import { errorMessage } from '../../lib/errors.ts';
import type { AppContext } from '../app-context.ts';

export function healthRouter(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const check = async (fn: () => Promise<void>) => {
      try {
        await fn();
        return { ok: true };
      } catch (err) {
        return { ok: false, error: errorMessage(err) };
      }
    };
    const [store, queue] = await Promise.all([check(() => ctx.store.ping()), check(() => ctx.queue.ping())]);
    const ready = store.ok && queue.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', store, queue });
  });
  return router;
}

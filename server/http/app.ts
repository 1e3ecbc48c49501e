// The express app: public hooks, the management API, health, and the editor.
import express, { type Express } from 'express';
import { accessMiddleware } from '../auth/access-middleware.ts';
import { viewerRedaction } from '../auth/viewer-redaction.ts';
import { auditMiddleware } from '../observability/audit-log.ts';
import { ingressMetrics } from '../observability/ingress-metrics.ts';
import type { AppContext } from './app-context.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { openApiRouter } from './openapi.ts';
import { auditRouter } from './routes/audit.ts';
import { authRouter } from './routes/auth.ts';
import { executionsRouter } from './routes/executions.ts';
import { healthRouter } from './routes/health.ts';
import { hooksRouter } from './routes/hooks.ts';
import { metricsRouter } from './routes/metrics.ts';
import { nodeTypesRouter } from './routes/node-types.ts';
import { workflowsRouter } from './routes/workflows.ts';
import { staticUi } from './static-ui.ts';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);

  app.use('/hooks', ingressMetrics(ctx.metrics));
  app.use(hooksRouter(ctx));
  app.use(healthRouter(ctx));
  app.use(metricsRouter(ctx.metrics, ctx.config.metricsToken));

  const api = express.Router();
  // Who is calling is settled before the body is even parsed.
  api.use(accessMiddleware(ctx.store, ctx.config.adminApiKey));
  api.use(express.json({ limit: ctx.config.bodyLimitBytes, strict: false }));
  if (ctx.config.viewerHidePayloads) api.use(viewerRedaction());
  api.use(auditMiddleware(ctx.store, ctx.logger));
  api.use(openApiRouter());
  api.use('/auth', authRouter(ctx));
  api.use('/audit', auditRouter(ctx));
  api.use('/workflows', workflowsRouter(ctx));
  api.use('/executions', executionsRouter(ctx));
  api.use('/node-types', nodeTypesRouter());
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(staticUi(ctx.config.uiDir));
  app.use(errorMiddleware(ctx.logger));
  return app;
}

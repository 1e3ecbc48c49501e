// The express app: public hooks, the management API, health, and the editor.
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { accessMiddleware } from '../auth/access-middleware.ts';
import { viewerRedaction } from '../auth/viewer-redaction.ts';
import { guardJson } from '../lib/json-guard.ts';
import { auditMiddleware } from '../observability/audit-log.ts';
import { observeIngress } from '../observability/ingress-metrics.ts';
import type { AppContext } from './app-context.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { createHooksHandler } from './hooks-handler.ts';
import { openApiRouter } from './openapi.ts';
import { apiKeysRouter } from './routes/api-keys.ts';
import { auditRouter } from './routes/audit.ts';
import { authRouter } from './routes/auth.ts';
import { credentialsRouter } from './routes/credentials.ts';
import { executionsRouter } from './routes/executions.ts';
import { healthRouter } from './routes/health.ts';
import { metricsRouter } from './routes/metrics.ts';
import { nodeTypesRouter } from './routes/node-types.ts';
import { samplesRouter } from './routes/samples.ts';
import { sessionsRouter } from './routes/sessions.ts';
import { templatesRouter } from './routes/templates.ts';
import { testRunsRouter } from './routes/test-runs.ts';
import { usersRouter } from './routes/users.ts';
import { workflowsRouter } from './routes/workflows.ts';
import { hooksHostGuard, securityHeaders } from './security-headers.ts';
import { staticUi } from './static-ui.ts';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.use(securityHeaders({ hsts: ctx.config.hsts }));
  app.use(hooksHostGuard(ctx.config));

  app.use(healthRouter(ctx));
  app.use(metricsRouter(ctx.metrics, ctx.config.metricsToken));

  // Case-sensitive everywhere: the role policy matches lower-case paths, so /api/Auth/Users must
  // not reach the /auth/users route under a policy that never saw it.
  const api = express.Router({ caseSensitive: true });
  // Who is calling is settled before the body is even parsed.
  api.use(accessMiddleware(ctx.store, ctx.config.adminApiKey));
  // The same depth and number-range guard as trigger bodies, before anything recursive
  // (ajv, the store's JSON.stringify) can overflow on a hostile document.
  api.use(
    express.json({ limit: ctx.config.bodyLimitBytes, strict: false, verify: (_req, _res, buf) => guardJson(buf) }),
  );
  api.use(viewerRedaction(ctx.store, { hidePayloads: ctx.config.viewerHidePayloads }));
  api.use(auditMiddleware(ctx.store, ctx.logger));
  api.use(openApiRouter());
  api.use('/auth/users', usersRouter(ctx));
  api.use('/auth/sessions', sessionsRouter(ctx));
  api.use('/auth/keys', apiKeysRouter(ctx));
  api.use('/auth', authRouter(ctx));
  api.use('/audit', auditRouter(ctx));
  api.use('/workflows', workflowsRouter(ctx));
  api.use('/workflows', samplesRouter(ctx));
  api.use('/workflows', testRunsRouter(ctx));
  api.use('/executions', executionsRouter(ctx));
  api.use('/node-types', nodeTypesRouter());
  api.use('/credentials', credentialsRouter(ctx));
  api.use('/templates', templatesRouter(ctx));
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(staticUi(ctx.config.uiDir));
  app.use(errorMiddleware(ctx.logger));
  return app;
}

/** The server's request listener: trigger URLs on the fast path, everything else to express. */
export function createRequestListener(ctx: AppContext): RequestListener {
  const hooks = createHooksHandler(ctx);
  const app = createApp(ctx);
  return (req, res) => {
    if (req.url?.startsWith('/hooks/')) observeIngress(ctx.metrics, res);
    if (!hooks(req, res)) app(req, res);
  };
}

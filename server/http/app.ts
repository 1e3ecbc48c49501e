// The express app: public hooks, the management API, health, and the editor.
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import type { AppContext } from './app-context.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { createHooksHandler } from './hooks-handler.ts';
import { credentialsRouter } from './routes/credentials.ts';
import { executionsRouter } from './routes/executions.ts';
import { healthRouter } from './routes/health.ts';
import { nodeTypesRouter } from './routes/node-types.ts';
import { samplesRouter } from './routes/samples.ts';
import { workflowsRouter } from './routes/workflows.ts';
import { staticUi } from './static-ui.ts';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);

  app.use(healthRouter(ctx));

  const api = express.Router();
  api.use(express.json({ limit: ctx.config.bodyLimitBytes, strict: false }));
  api.use('/workflows', workflowsRouter(ctx));
  api.use('/workflows', samplesRouter(ctx));
  api.use('/executions', executionsRouter(ctx));
  api.use('/node-types', nodeTypesRouter());
  api.use('/credentials', credentialsRouter(ctx));
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
    if (!hooks(req, res)) app(req, res);
  };
}

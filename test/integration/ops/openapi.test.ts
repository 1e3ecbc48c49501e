// The OpenAPI document and the express routes must describe the same API: every route under
// /api has an operation, and every operation has a route.
import type { Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkflowLoader } from '../../../server/engine/workflow-loader.ts';
import { createApp } from '../../../server/http/app.ts';
import type { AppContext } from '../../../server/http/app-context.ts';
import { toOpenApiPath } from '../../../server/http/openapi.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
};

/** `METHOD /path` for every route registered on the app (router 2.x keeps `rawPath`). */
function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const p of [layer.route.path].flat()) {
          for (const [m, on] of Object.entries(layer.route.methods)) {
            if (on && m !== '_all') out.push(`${m.toUpperCase()} ${prefix}${p === '/' ? '' : p}`);
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document whose operations are exactly the /api routes', async () => {
    hf = await startHookflow();
    const res = await hf.api('/api/openapi.json', { auth: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();

    const limits = { timeoutMs: 1000 };
    const app = createApp({
      config: hf.config,
      store: hf.store,
      queue: hf.queue,
      loader: createWorkflowLoader(hf.store, limits),
      logger: hf.logger,
      limits,
      results: hf.results,
      metrics: hf.metrics,
      retention: hf.retention,
      // Only the trigger fast path (outside express) reads these.
      triggers: {} as AppContext['triggers'],
      vault: hf.vault,
      // Only credential tests call out; listing routes does not.
      outbound: {} as AppContext['outbound'],
    });
    const routes = registeredRoutes(app)
      .filter((r) => r.split(' ')[1].startsWith('/api/'))
      .map((r) => {
        const [m, p] = r.split(' ');
        return `${m} ${toOpenApiPath(p)}`;
      })
      .sort();
    expect(routes.length).toBeGreaterThan(10);
    expect(documented).toEqual([...new Set(routes)]);
    for (const op of Object.values(
      res.body.paths['/api/workflows/{id}'] as Record<string, { parameters: unknown[] }>,
    )) {
      expect(op.parameters).toContainEqual({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
    }
  });
});

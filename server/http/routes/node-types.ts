// GET /api/node-types — the catalogue the editor renders its palette and forms from.
import { Router } from 'express';
import { nodeRegistry } from '../../nodes/registry.ts';
import type { NodeTypeView } from '../api-types.ts';

export function nodeTypesRouter(): Router {
  const router = Router({ caseSensitive: true });
  const items: NodeTypeView[] = [...nodeRegistry.values()].map((n) => ({
    type: n.type,
    title: n.title,
    category: n.category,
    description: n.description,
    params: n.params,
    outputs: n.outputs,
    dynamicOutputs: n.dynamicOutputs !== undefined,
    expressionParams: n.expressionParams ?? [],
    credentialTypes: n.credentialTypes ?? [],
  }));
  router.get('/', (_req, res) => {
    res.json({ items });
  });
  return router;
}

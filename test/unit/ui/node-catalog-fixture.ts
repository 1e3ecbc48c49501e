// The editor's view of the real node catalogue, built the way GET /api/node-types builds it,
// so these tests break when a node's schema changes in a way the editor cannot render.
import type { NodeTypeView } from '../../../server/http/api-types.ts';
import { nodeRegistry } from '../../../server/nodes/registry.ts';
import { toCatalog } from '../../../ui/src/workflow/node-catalog.ts';

export const nodeTypeViews: NodeTypeView[] = [...nodeRegistry.values()].map((node) => ({
  type: node.type,
  title: node.title,
  category: node.category,
  description: node.description,
  params: node.params,
  outputs: node.outputs,
  dynamicOutputs: node.dynamicOutputs !== undefined,
  expressionParams: node.expressionParams ?? [],
  credentialTypes: node.credentialTypes ?? [],
}));

export const catalog = toCatalog(nodeTypeViews);

export function nodeType(type: string): NodeTypeView {
  const found = catalog.get(type);
  if (!found) throw new Error(`no node type ${type}`);
  return found;
}

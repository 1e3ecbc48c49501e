// The explicit list of node types. Adding a node type means adding its file and one line here.
import type { NodeDefinition } from './define-node.ts';
import { httpRequestNode } from './http-request.ts';
import { ifNode } from './if.ts';
import { transformNode } from './transform.ts';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds nodes of every param shape
type AnyNode = NodeDefinition<any>;

const ALL: AnyNode[] = [transformNode, ifNode, httpRequestNode];

export function buildRegistry(nodes: AnyNode[]): ReadonlyMap<string, AnyNode> {
  const map = new Map<string, AnyNode>();
  for (const node of nodes) {
    if (map.has(node.type)) throw new Error(`node type "${node.type}" is registered twice`);
    map.set(node.type, node);
  }
  return map;
}

export const nodeRegistry = buildRegistry(ALL);

export function getNode(type: string): AnyNode | undefined {
  return nodeRegistry.get(type);
}

// An integration is one folder under `server/nodes/`: its credential types and its actions,
// exported as one `defineIntegration(...)` that `registry.ts` lists in one line.
import type { AnyCredential } from './define-credential.ts';
import type { NodeDefinition } from './define-node.ts';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds nodes of every param shape
export type AnyNode = NodeDefinition<any>;

export type Integration = {
  /** The folder name, e.g. `hubspot`. */
  name: string;
  /** Credential types this integration introduces (others may use them too). */
  credentials: AnyCredential[];
  nodes: AnyNode[];
};

export function defineIntegration(def: { name: string; credentials?: AnyCredential[]; nodes: AnyNode[] }): Integration {
  return { name: def.name, credentials: def.credentials ?? [], nodes: def.nodes };
}

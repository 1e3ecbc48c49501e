// An integration is one folder: its actions (node types) and the credential types they
// take, declared beside them. `nodes/registry.ts` lists integrations; the node registry and
// the credentials vault both read their parts from there, so adding one edits no central list.
import Type, { type Static, type TObject, type TSchema } from 'typebox';
import type { JsonSchema, NodeDefinition } from '../define-node.ts';

export type CredentialTypeSpec = {
  type: string;
  title: string;
  description: string;
  /** JSON Schema of the value; `writeOnly` fields are the secrets (password inputs, scrubbed). */
  schema: JsonSchema;
};

export type Integration = {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: an integration holds nodes of every param shape
  nodes: NodeDefinition<any>[];
  credentials: CredentialTypeSpec[];
};

export function defineIntegration(integration: Integration): Integration {
  return integration;
}

/** A credential type whose fields are declared once with TypeBox (the schema is the JSON Schema). */
export function defineCredential(spec: { type: string; title: string; description: string; fields: TSchema }) {
  return { type: spec.type, title: spec.title, description: spec.description, schema: spec.fields as JsonSchema };
}

/** A secret credential field: a password input in the editor, scrubbed from everything recorded. */
export const secretField = (title: string, description: string) =>
  Type.String({ minLength: 1, writeOnly: true, title, description });

/**
 * The API's base URL, overridable per credential: for enterprise hosts (GitHub Enterprise,
 * a Jira site) and for the local stand-ins the tests run against.
 */
export const baseUrlField = (fallback: string, description = 'Override for a self-hosted or enterprise host.') =>
  Type.Optional(
    Type.String({ format: 'uri', pattern: '^https?://', default: fallback, title: 'API base URL', description }),
  );

/**
 * A node type whose parameters are declared once with TypeBox: the same declaration is the
 * JSON Schema (editor form, run-time validation) and the static type `execute` receives.
 */
export function defineAction<T extends TObject>(
  def: Omit<NodeDefinition<Static<T>>, 'params'> & { params: T },
): NodeDefinition<Static<T>> {
  return { ...def, params: def.params as unknown as JsonSchema };
}

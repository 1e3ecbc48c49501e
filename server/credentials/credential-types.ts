// The credential types, as the integrations declare them (nodes/registry.ts collects them):
// the catalogue GET /api/credentials/types serves and the validation the vault applies.
import type { ValidateFunction } from 'ajv';
import { ajv } from '../lib/ajv.ts';
import type { AnyCredential } from '../nodes/define-credential.ts';
import { credentialRegistry } from '../nodes/registry.ts';

export type CredentialTypeDefinition = Pick<AnyCredential, 'type' | 'title' | 'description' | 'schema'>;

/** The declarations without their functions, in registry order. */
export const CREDENTIAL_TYPES: CredentialTypeDefinition[] = [...credentialRegistry.values()].map((c) => ({
  type: c.type,
  title: c.title,
  description: c.description,
  schema: c.schema,
}));

export function credentialType(type: string): AnyCredential | undefined {
  return credentialRegistry.get(type);
}

const validators = new Map<string, ValidateFunction>();

export function credentialValidator(type: string): ValidateFunction {
  let v = validators.get(type);
  if (!v) {
    v = ajv.compile(credentialRegistry.get(type)!.schema);
    validators.set(type, v);
  }
  return v;
}

/** Fills schema defaults so nodes can rely on them. */
export function withDefaults(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const props = (credentialRegistry.get(type)?.schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const out = { ...data };
  for (const [k, p] of Object.entries(props)) if (out[k] === undefined && p.default !== undefined) out[k] = p.default;
  return out;
}

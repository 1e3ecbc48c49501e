// Editing and rotating a credential whose values nobody can read back. The editor shows
// empty secret fields ("leave empty to keep"), so an edit is a merge onto the stored value;
// a rotation moves the current secret aside where the type can still accept it for a while.
import { invalid, notFound, UserError } from '../lib/errors.ts';
import { credentialType } from './credential-types.ts';
import type { CredentialSummary, Vault } from './vault.ts';

/** Previous secrets kept on rotation: enough for a few overlapping rollouts, bounded so a
 * rotation loop cannot grow the sealed value (and the trigger's verify cost) without end. */
export const MAX_PREVIOUS_SECRETS = 5;

/** Where a rotatable type keeps its current and its still-accepted secrets (its declaration's `rotation`). */
const rotationOf = (type: string) => credentialType(type)?.rotation;

export const isRotatable = (type: string): boolean => rotationOf(type) !== undefined;

/**
 * Merges `patch` onto the stored value: a field left out keeps its value, `null` removes an
 * optional field. The result is validated like a new value; a bad one changes nothing.
 */
export async function updateCredential(vault: Vault, name: string, patch: unknown): Promise<CredentialSummary> {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
    throw invalid('invalid request body', [{ pointer: '/data', message: 'must be an object of the fields to change' }]);
  }
  const stored = await vault.raw(name);
  if (!stored) throw notFound('credential', name);
  const data: Record<string, unknown> = { ...stored.data };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete data[field];
    else data[field] = value;
  }
  return (await vault.put(name, stored.type, data)).credential;
}

/** Sets a new current secret; the old one stays accepted (first in the previous list). */
export async function rotateCredential(vault: Vault, name: string, secret: unknown): Promise<CredentialSummary> {
  const stored = await vault.raw(name);
  if (!stored) throw notFound('credential', name);
  const rule = rotationOf(stored.type);
  if (!rule) {
    throw new UserError(
      400,
      'not_rotatable',
      `a ${stored.type} credential has no previous-secret list; edit it and enter the new value instead`,
    );
  }
  if (typeof secret !== 'string' || secret === '') {
    throw invalid('invalid request body', [{ pointer: '/secret', message: 'must be the new secret, not empty' }]);
  }
  const old = stored.data[rule.current];
  const earlier = Array.isArray(stored.data[rule.previous]) ? (stored.data[rule.previous] as unknown[]) : [];
  const previous = [old, ...earlier].filter((s) => typeof s === 'string' && s !== secret);
  const data = {
    ...stored.data,
    [rule.current]: secret,
    [rule.previous]: [...new Set(previous)].slice(0, MAX_PREVIOUS_SECRETS),
  };
  return (await vault.put(name, stored.type, data)).credential;
}

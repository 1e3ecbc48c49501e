// Form and multipart fields into a plain object, safely, and bounded the same way for both.
import { UserError } from '../lib/errors.ts';

/** Forms and multipart bodies alike: more than this is refused, never silently cut. */
export const FORM_LIMITS = { fields: 1000, files: 20 };

export function tooManyParts(what: 'fields' | 'files', limit: number): UserError {
  return new UserError(413, `too_many_${what}`, `the body has more than ${limit} ${what}`, { limit });
}

/**
 * Adds a form field as an own property, whatever its name: `constructor`, `toString` or
 * `__proto__` are data here, never the object's prototype or inherited members.
 */
export function addField<T>(target: Record<string, T | T[]>, key: string, value: T): void {
  const prev = Object.hasOwn(target, key) ? target[key] : undefined;
  const next = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  Object.defineProperty(target, key, { value: next, enumerable: true, writable: true, configurable: true });
}

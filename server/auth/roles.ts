// Roles and the access policy of the management API. One table, so what each role may do
// is reviewable in one place. Paths are relative to `/api`.
import type { Role } from '../store/store.ts';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'owner'];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export const atLeast = (role: Role, min: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(min);

/** The lower of two roles: an API key never grants more than its user has now. */
export const lowerRole = (a: Role, b: Role): Role => (atLeast(a, b) ? b : a);

/** Routes anyone may call: signing in, first setup, the session probe and the API description. */
const PUBLIC: [method: string, path: RegExp][] = [
  ['POST', /^\/auth\/login$/],
  ['POST', /^\/auth\/setup$/],
  // Authorised by the one-time token in the body.
  ['POST', /^\/auth\/reset-password$/],
  ['GET', /^\/auth\/session$/],
  ['GET', /^\/openapi\.json$/],
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isSafeMethod = (method: string): boolean => SAFE_METHODS.has(method);

/** POST routes that compute an answer without changing anything (not audited either). */
export const isReadOnlyPost = (path: string): boolean => /\/(validate|preview|evaluate)$/.test(path);

/** The least role needed for a request, or null when the route is public. */
export function requiredRole(method: string, path: string): Role | null {
  const m = method === 'HEAD' ? 'GET' : method;
  if (PUBLIC.some(([pm, re]) => pm === m && re.test(path))) return null;
  // Users and the audit log are the owner's business.
  if (/^\/auth\/users(\/|$)/.test(path) || /^\/audit(\/|$)/.test(path)) return 'owner';
  // Everyone manages their own keys and sessions and can sign out; the route checks ownership.
  if (/^\/auth\/(keys(\/|$)|sessions(\/|$)|logout$)/.test(path)) return 'viewer';
  // Validating a document or previewing an expression changes nothing.
  if (m === 'POST' && isReadOnlyPost(path)) return 'viewer';
  return isSafeMethod(m) ? 'viewer' : 'editor';
}

// Guards `/api/**`: resolves the caller, enforces the role policy (roles.ts), and refuses
// cookie-authenticated state changes without the session's CSRF token. Bearer requests need
// no CSRF token: browsers never attach an Authorization header on their own.
import type { RequestHandler, Response } from 'express';
import { UserError } from '../lib/errors.ts';
import type { Store } from '../store/store.ts';
import { CSRF_HEADER } from './cookies.ts';
import { type Principal, resolvePrincipal } from './principal.ts';
import { atLeast, isSafeMethod, requiredRole } from './roles.ts';
import { sameSecret } from './tokens.ts';

export const principalOf = (res: Response): Principal | null => (res.locals.principal as Principal | undefined) ?? null;

export function accessMiddleware(store: Store, adminApiKey: string | null): RequestHandler {
  return async (req, res, next) => {
    try {
      // Lower-cased as well (routing is case-sensitive): the policy must never see less than the router.
      const required = requiredRole(req.method, req.path.toLowerCase());
      const resolved = await resolvePrincipal(store, adminApiKey, req.headers);
      res.locals.principal = resolved.principal;
      if (required === null) return next();
      const p = resolved.principal;
      if (!p) {
        const message =
          resolved.reason === 'none'
            ? 'sign in or send Authorization: Bearer <API key>'
            : 'the API key or session is not valid (revoked, expired or unknown)';
        throw new UserError(401, 'unauthenticated', message, undefined, { 'www-authenticate': 'Bearer' });
      }
      if (p.csrfToken !== null && !isSafeMethod(req.method)) {
        const sent = req.get(CSRF_HEADER);
        if (!sent || !sameSecret(sent, p.csrfToken)) {
          throw new UserError(403, 'csrf_failed', `state-changing requests with a session must send ${CSRF_HEADER}`);
        }
      }
      if (!atLeast(p.role, required)) {
        throw new UserError(403, 'forbidden', `this needs the ${required} role; you are ${p.role}`, {
          required,
          role: p.role,
        });
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

// Who is calling the management API, resolved from `Authorization: Bearer` (ADMIN_API_KEY or
// an API key) or from the session cookie. No caching: a revoked key, a deleted session, or a
// disabled, deleted or demoted user takes effect on the very next request.
import type { IncomingHttpHeaders } from 'node:http';
import type { Role, Store } from '../store/store.ts';
import { parseCookies, SESSION_COOKIE } from './cookies.ts';
import { lowerRole } from './roles.ts';
import { sameSecret, sha256 } from './tokens.ts';

export type Principal = {
  kind: 'user' | 'api-key' | 'admin-key';
  /** The user acting (for API keys: the key's owner). `admin-key` for ADMIN_API_KEY. */
  userId: string;
  email: string | null;
  role: Role;
  keyId: string | null;
  /** Set for cookie sessions only: state-changing requests must echo it (CSRF). */
  csrfToken: string | null;
  sessionHash: string | null;
};

export const ADMIN_KEY_USER = 'admin-key';
/** How stale `lastUsedAt` may get before a request writes it again (saves a write per call). */
const TOUCH_EVERY_MS = 60_000;

export type Resolution = { principal: Principal } | { principal: null; reason: 'none' | 'invalid_credentials' };

export async function resolvePrincipal(
  store: Store,
  adminApiKey: string | null,
  headers: IncomingHttpHeaders,
  now = Date.now(),
): Promise<Resolution> {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return { principal: null, reason: 'invalid_credentials' };
    const presented = m[1];
    if (adminApiKey !== null && sameSecret(presented, adminApiKey)) {
      return {
        principal: {
          kind: 'admin-key',
          userId: ADMIN_KEY_USER,
          email: null,
          role: 'owner',
          keyId: null,
          csrfToken: null,
          sessionHash: null,
        },
      };
    }
    const key = await store.getApiKeyByHash(sha256(presented));
    if (!key || key.revokedAt !== null) return { principal: null, reason: 'invalid_credentials' };
    let role = key.role;
    let email: string | null = null;
    if (key.userId === ADMIN_KEY_USER) {
      // Minted with ADMIN_API_KEY: alive only while that same admin key is configured, so
      // removing or rotating it revokes every key it minted (keys from before this rule,
      // with no fingerprint, are refused).
      if (adminApiKey === null || key.adminKeyHash === null || !sameSecret(key.adminKeyHash, sha256(adminApiKey))) {
        return { principal: null, reason: 'invalid_credentials' };
      }
    } else {
      const user = await store.getUser(key.userId);
      if (!user || user.disabledAt !== null) return { principal: null, reason: 'invalid_credentials' };
      role = lowerRole(role, user.role);
      email = user.email;
    }
    if (key.lastUsedAt === null || now - key.lastUsedAt > TOUCH_EVERY_MS) await store.touchApiKey(key.id, now);
    return {
      principal: {
        kind: 'api-key',
        userId: key.userId,
        email,
        role,
        keyId: key.id,
        csrfToken: null,
        sessionHash: null,
      },
    };
  }
  const token = parseCookies(headers.cookie)[SESSION_COOKIE];
  if (!token) return { principal: null, reason: 'none' };
  const tokenHash = sha256(token);
  const session = await store.getSession(tokenHash);
  if (!session || session.expiresAt <= now) return { principal: null, reason: 'invalid_credentials' };
  const user = await store.getUser(session.userId);
  if (!user || user.disabledAt !== null) return { principal: null, reason: 'invalid_credentials' };
  return {
    principal: {
      kind: 'user',
      userId: user.id,
      email: user.email,
      role: user.role,
      keyId: null,
      csrfToken: session.csrfToken,
      sessionHash: tokenHash,
    },
  };
}

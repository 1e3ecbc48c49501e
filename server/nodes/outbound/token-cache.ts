// Access tokens obtained with a credential (OAuth2 client credentials, Salesforce) are
// cached in memory until shortly before they expire, shared by concurrent steps (one
// token request in flight per credential), and dropped when the API answers 401.
import { createHash } from 'node:crypto';

export type CachedToken = { token: string; expiresAt: number; extra?: Record<string, unknown> };

const EARLY_MS = 30_000;

export type TokenCache = {
  get(key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken>;
  invalidate(key: string, token: string): void;
};

export function createTokenCache(max = 1000): TokenCache {
  const cache = new Map<string, Promise<CachedToken>>();
  return {
    async get(key, fetchToken) {
      const hit = cache.get(key);
      if (hit) {
        const t = await hit.catch(() => null);
        if (t && t.expiresAt - EARLY_MS > Date.now()) return t;
        if (cache.get(key) === hit) cache.delete(key);
        else return this.get(key, fetchToken);
      }
      const pending = fetchToken();
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, pending);
      pending.catch(() => {
        if (cache.get(key) === pending) cache.delete(key);
      });
      return pending;
    },
    invalidate(key, token) {
      const hit = cache.get(key);
      if (!hit) return;
      // Only drop the token that failed, not one a concurrent step already refreshed.
      hit.then(
        (t) => {
          if (t.token === token && cache.get(key) === hit) cache.delete(key);
        },
        () => {},
      );
    },
  };
}

/** A cache key that changes when any part of the credential changes, without holding the secret. */
export function tokenKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

// Vault look-ups decrypt; the hot path should not do that per request. Entries live a few
// seconds, so a rotated or deleted credential takes effect within that bound. Look-ups in
// flight are shared, and misses are cached too (a flood against a misconfigured trigger).
import type { SecretLookup, SecretValue } from './types.ts';

export function cachedSecrets(lookup: SecretLookup, ttlMs = 5000, max = 1000): SecretLookup {
  const cache = new Map<string, { value: Promise<SecretValue | null>; expires: number }>();
  return (name) => {
    const now = Date.now();
    const hit = cache.get(name);
    if (hit && hit.expires > now) return hit.value;
    const value = lookup(name);
    if (cache.size >= max) cache.clear();
    cache.set(name, { value, expires: now + ttlMs });
    // A failed look-up (vault unreachable) is not remembered.
    value.catch(() => cache.delete(name));
    return value;
  };
}

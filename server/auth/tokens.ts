// Secrets handed to clients (session tokens, CSRF tokens, API keys). They carry 256 random
// bits, so a fast hash (SHA-256) is the right storage form: nothing is left to brute-force,
// unlike passwords, and a lookup by hash costs one index seek.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'hf_';

export const randomSecret = (): string => randomBytes(32).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomSecret()}`;
  return { key, prefix: key.slice(0, 10), hash: sha256(key) };
}

/** The public id of a session: derived from its stored hash, so lists never show the hash. */
export const sessionId = (tokenHash: string): string => sha256(`session:${tokenHash}`).slice(0, 32);

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

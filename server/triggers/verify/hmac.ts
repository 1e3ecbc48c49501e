// HMAC primitives for the presets: constant-time comparison, and the replay window.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type AuthFailure, fail } from './types.ts';

export type Algorithm = 'sha1' | 'sha256' | 'sha512';

export function hmac(algorithm: Algorithm, key: string | Buffer, ...parts: (string | Buffer)[]): Buffer {
  const h = createHmac(algorithm, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Compares without leaking where (or whether the lengths) differ. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) {
    // Keep the time independent of the length mismatch, then fail.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Constant-time string equality for tokens and passwords of any length. */
export function safeEqualText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Decodes a signature, or null when it is not valid in that encoding. */
export function decodeSignature(text: string, encoding: 'hex' | 'base64'): Buffer | null {
  const t = text.trim();
  if (encoding === 'hex') return /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : null;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : null;
}

/** Whether any of `expected` (one per secret) equals any of `given`. All pairs are compared. */
export function anyMatch(expected: Buffer[], given: Buffer[]): boolean {
  let ok = false;
  for (const e of expected) for (const g of given) if (safeEqual(e, g)) ok = true;
  return ok;
}

/**
 * Checks a signed timestamp against the replay window. Seconds since the epoch; values
 * beyond 1e12 are taken as milliseconds (some senders use those).
 */
export function checkTimestamp(raw: string | undefined, now: number, toleranceMs: number): AuthFailure | null {
  if (raw === undefined || !/^\d{1,16}$/.test(raw.trim())) {
    return fail('signature_missing', 'the signature timestamp is missing or not a number');
  }
  const n = Number(raw.trim());
  const ms = n > 1e12 ? n : n * 1000;
  if (Math.abs(now - ms) > toleranceMs) {
    return fail(
      'signature_expired',
      `the signature timestamp is ${Math.round((now - ms) / 1000)} s off, outside the ${toleranceMs / 1000} s tolerance`,
    );
  }
  return null;
}

// Shared shapes of trigger authentication: what a check sees, and how it fails. Checks run
// on the raw bytes before anything is parsed, so a forged request costs one HMAC, no more.
import type { IncomingHttpHeaders } from 'node:http';

export type VerifyInput = {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The client address after trusted-proxy resolution. */
  clientIp: string;
  /** Epoch ms; injectable so tests can sign in the past. */
  now: number;
};

/** A credential as the vault returns it. */
export type SecretValue = { type: string; data: Record<string, unknown> };

/** The narrow port to the credentials vault: null when no credential has that name. */
export type SecretLookup = (name: string) => Promise<SecretValue | null>;

export type AuthFailure = {
  status: 401 | 403;
  code:
    | 'credential_missing'
    | 'credential_invalid'
    | 'signature_missing'
    | 'signature_invalid'
    | 'signature_expired'
    | 'auth_missing'
    | 'auth_invalid'
    | 'ip_forbidden';
  /** For the log and the test capture; never includes secret material. */
  reason: string;
  headers?: Record<string, string>;
};

export const fail = (
  code: AuthFailure['code'],
  reason: string,
  status: 401 | 403 = 401,
  headers?: Record<string, string>,
): AuthFailure => ({ status, code, reason, headers });

/** One compiled check: resolves to null when the request passes. */
export type AuthCheck = (input: VerifyInput, secrets: SecretLookup) => Promise<AuthFailure | null>;

/** An HMAC preset: given the credential's secrets, accepts the request or says why not. */
export type HmacPreset = {
  name: string;
  verify(input: VerifyInput, secrets: string[], toleranceMs: number): AuthFailure | null;
};

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

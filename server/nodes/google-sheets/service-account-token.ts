// RFC 7523 JWT bearer grant, as Google's service accounts use it: the assertion is signed
// RS256 with the account's key, lives at most an hour, and is swapped for an access token
// (cached until shortly before it expires; dropped when an API call answers 401).
import { createSign } from 'node:crypto';
import type { NodeContext } from '../define-node.ts';
import { apiFailure, asObject } from '../outbound/json-api.ts';
import { readResponse } from '../outbound/response.ts';
import { createTokenCache, tokenKey } from '../outbound/token-cache.ts';
import { NonRetryableError } from '../step-errors.ts';

const tokens = createTokenCache();
const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export type ServiceAccount = { clientEmail: string; privateKey: string; tokenUrl: string };

export function signAssertion(sa: ServiceAccount, scope: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iss: sa.clientEmail, scope, aud: sa.tokenUrl, iat, exp: iat + 3600 }));
  let signature: Buffer;
  try {
    signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(sa.privateKey);
  } catch {
    throw new NonRetryableError('the service account private key is not a valid PEM RSA key', 'credential_invalid_key');
  }
  return `${header}.${claims}.${b64url(signature)}`;
}

export async function serviceAccountToken(ctx: NodeContext, sa: ServiceAccount, scope: string) {
  const key = tokenKey(sa.tokenUrl, sa.clientEmail, sa.privateKey, scope);
  const t = await tokens.get(key, async () => {
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signAssertion(sa, scope),
    });
    const res = await ctx.services.fetch(sa.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      redirect: 'manual',
      credential: { headers: [] },
      signal: ctx.signal,
    });
    const result = await readResponse(res);
    if (result.status < 200 || result.status > 299) {
      // `{ "error": "invalid_grant", "error_description": "Invalid JWT Signature." }`: a bad key is not retried.
      const status =
        asObject(result.body).error === 'invalid_grant' || asObject(result.body).error === 'invalid_client'
          ? 401
          : result.status;
      throw apiFailure({ ...result, status }, { what: 'Google OAuth2 token exchange', describe: describeOAuth });
    }
    const body = asObject(result.body);
    if (typeof body.access_token !== 'string')
      throw new NonRetryableError('the token response has no access_token', 'oauth2_bad_token_response');
    const ttl = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 3600_000;
    return { token: body.access_token, expiresAt: Date.now() + ttl - 60_000 };
  });
  ctx.services.secret(t.token);
  return { token: t.token, drop: () => tokens.invalidate(key, t.token) };
}

function describeOAuth(r: { body: unknown }) {
  const b = asObject(r.body);
  if (typeof b.error !== 'string') return null;
  return { message: typeof b.error_description === 'string' ? b.error_description : b.error, code: b.error };
}

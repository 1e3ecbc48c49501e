// OAuth2 client credentials (RFC 6749 §4.4) for `http.request`: tokens come from the token
// cache; on a 401 the caller drops the token and tries once more.
import type { AppliedAuth, NodeContext } from '../define-node.ts';
import { failureFor, readResponse } from '../outbound/response.ts';
import { createTokenCache, tokenKey } from '../outbound/token-cache.ts';
import { NonRetryableError } from '../step-errors.ts';

const tokens = createTokenCache();

export type ClientCredentials = {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  audience?: string;
  clientAuth?: 'header' | 'body';
};

export async function clientCredentialsAuth(
  d: ClientCredentials,
  url: URL,
  headers: Headers,
  ctx: NodeContext,
): Promise<AppliedAuth> {
  const key = tokenKey(d.tokenUrl, d.clientId, d.clientSecret, d.scope, d.audience, d.clientAuth);
  const t = await tokens.get(key, () => clientCredentialsToken(d, ctx));
  // Registered on every use: a cached token was obtained by an earlier step.
  ctx.services.secret(t.token);
  headers.set('authorization', `Bearer ${t.token}`);
  return {
    url: new URL(url),
    headers,
    credential: { headers: ['authorization'] },
    reset: () => {
      tokens.invalidate(key, t.token);
      return true;
    },
  };
}

/** POST grant_type=client_credentials to the token endpoint. */
async function clientCredentialsToken(d: ClientCredentials, ctx: NodeContext) {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (d.scope) form.set('scope', d.scope);
  if (d.audience) form.set('audience', d.audience);
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  if (d.clientAuth === 'body') {
    form.set('client_id', d.clientId);
    form.set('client_secret', d.clientSecret);
  } else {
    headers.set('authorization', `Basic ${basicOf(d)}`);
  }
  const res = await ctx.services.fetch(d.tokenUrl, {
    method: 'POST',
    headers,
    body: form.toString(),
    // The client secret is in the Authorization header or in this body: either way it
    // must not follow a redirect to another origin.
    credential: { headers: d.clientAuth === 'body' ? [] : ['authorization'] },
    signal: ctx.signal,
  });
  const result = await readResponse(res);
  if (result.status < 200 || result.status > 299) throw failureFor(result, 'OAuth2 token request');
  const body = result.body as { access_token?: unknown; expires_in?: unknown };
  if (typeof body?.access_token !== 'string') {
    throw new NonRetryableError('the OAuth2 token response has no access_token', 'oauth2_bad_token_response');
  }
  const ttl = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 3600_000;
  return { token: body.access_token, expiresAt: Date.now() + ttl };
}

/** The client's HTTP Basic value (RFC 6749 §2.3.1: each part form-encoded first). */
export function basicOf(d: Pick<ClientCredentials, 'clientId' | 'clientSecret'>): string {
  return Buffer.from(`${encodeURIComponent(d.clientId)}:${encodeURIComponent(d.clientSecret)}`).toString('base64');
}

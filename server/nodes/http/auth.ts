// Authenticating an outbound HTTP request from a credential. OAuth2 client credentials
// tokens come from the token cache; on a 401 the caller drops the token and tries once more.
import type { CredentialValue, NodeContext } from '../define-node.ts';
import { NonRetryableError } from '../step-errors.ts';
import { failureFor, readResponse } from './response.ts';
import { createTokenCache, tokenKey } from './token-cache.ts';

const tokens = createTokenCache();

export type AppliedAuth = {
  url: URL;
  headers: Headers;
  /** For the fetch: the headers this credential set, dropped if a redirect leaves the origin. */
  credential: { headers: string[] };
  /** Forget the token after a 401; true when there was one. */
  reset: () => boolean;
};

export async function applyAuth(
  cred: CredentialValue,
  url: URL,
  headers: Headers,
  ctx: NodeContext,
): Promise<AppliedAuth> {
  const d = cred.data as Record<string, string>;
  const out = new URL(url);
  const noReset = () => false;
  switch (cred.type) {
    case 'bearer':
      headers.set('authorization', `Bearer ${d.token}`);
      return { url: out, headers, credential: { headers: ['authorization'] }, reset: noReset };
    case 'basic':
      headers.set('authorization', `Basic ${Buffer.from(`${d.username}:${d.password}`).toString('base64')}`);
      return { url: out, headers, credential: { headers: ['authorization'] }, reset: noReset };
    case 'apiKey':
      if (d.placement === 'query') {
        out.searchParams.set(d.name, d.key);
        return { url: out, headers, credential: { headers: [] }, reset: noReset };
      }
      headers.set(d.name, d.key);
      return { url: out, headers, credential: { headers: [d.name] }, reset: noReset };
    case 'hubspot':
      headers.set('authorization', `Bearer ${d.accessToken}`);
      return { url: out, headers, credential: { headers: ['authorization'] }, reset: noReset };
    case 'slack':
      headers.set('authorization', `Bearer ${d.botToken}`);
      return { url: out, headers, credential: { headers: ['authorization'] }, reset: noReset };
    case 'pipedrive':
      headers.set('x-api-token', d.apiToken);
      return { url: out, headers, credential: { headers: ['x-api-token'] }, reset: noReset };
    case 'oauth2ClientCredentials': {
      const key = tokenKey(d.tokenUrl, d.clientId, d.clientSecret, d.scope, d.audience, d.clientAuth);
      const t = await tokens.get(key, () => clientCredentialsToken(d, ctx));
      // Registered on every use: a cached token was obtained by an earlier step.
      ctx.services.secret(t.token);
      headers.set('authorization', `Bearer ${t.token}`);
      return {
        url: out,
        headers,
        credential: { headers: ['authorization'] },
        reset: () => {
          tokens.invalidate(key, t.token);
          return true;
        },
      };
    }
    default:
      throw new NonRetryableError(`a ${cred.type} credential cannot authenticate an HTTP request`, 'credential_type');
  }
}

/** RFC 6749 §4.4: POST grant_type=client_credentials to the token endpoint. */
async function clientCredentialsToken(d: Record<string, string>, ctx: NodeContext) {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (d.scope) form.set('scope', d.scope);
  if (d.audience) form.set('audience', d.audience);
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  if (d.clientAuth === 'body') {
    form.set('client_id', d.clientId);
    form.set('client_secret', d.clientSecret);
  } else {
    const basic = `${encodeURIComponent(d.clientId)}:${encodeURIComponent(d.clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(basic).toString('base64')}`);
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

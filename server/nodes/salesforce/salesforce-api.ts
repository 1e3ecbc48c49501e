// Salesforce REST: a connected app's OAuth 2.0 client credentials flow
// (`POST <loginUrl>/services/oauth2/token`) gives an access token and the instance URL;
// calls go to `<instance_url>/services/data/v<version>/...`. Errors are arrays of
// `{message, errorCode, fields}`; INVALID_SESSION_ID (401) means fetch a new token;
// REQUEST_LIMIT_EXCEEDED (403) is the API rate limit.
import type { NodeContext } from '../define-node.ts';
import { apiFailure, baseUrl, callJsonApi, requireCredential } from '../outbound/json-api.ts';
import { type HttpResult, readResponse } from '../outbound/response.ts';
import { createTokenCache, tokenKey } from '../outbound/token-cache.ts';
import { NonRetryableError } from '../step-errors.ts';

const tokens = createTokenCache();
// Salesforce does not say when a token expires; sessions last ≥ 2 h by default, and a
// 401 refreshes earlier.
const TOKEN_TTL_MS = 60 * 60_000;

export async function salesforceCall(
  ctx: NodeContext,
  node: string,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  what: string,
): Promise<HttpResult> {
  const cred = await requireCredential(ctx, node, 'salesforce');
  const d = cred.data as { loginUrl: string; clientId: string; clientSecret: string; apiVersion: string };
  const login = baseUrl(d, 'loginUrl', 'https://login.salesforce.com');
  const key = tokenKey(login, d.clientId, d.clientSecret);
  const call = async () => {
    const t = await tokens.get(key, () => fetchToken(ctx, login, d.clientId, d.clientSecret));
    // Registered on every use: a cached session was obtained by an earlier step.
    ctx.services.secret(t.token);
    const instance = String(t.extra?.instanceUrl).replace(/\/+$/, '');
    try {
      return await callJsonApi(ctx, {
        method,
        url: `${instance}/services/data/v${d.apiVersion}${path}`,
        headers: new Headers({ authorization: `Bearer ${t.token}` }),
        body,
        what,
        describe: describeSalesforce,
        rateLimited: (_r, code) => code === 'REQUEST_LIMIT_EXCEEDED',
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'invalid_session_id') tokens.invalidate(key, t.token);
      throw err;
    }
  };
  try {
    return await call();
  } catch (err) {
    if ((err as { code?: string }).code !== 'invalid_session_id') throw err;
    return call();
  }
}

async function fetchToken(ctx: NodeContext, login: string, clientId: string, clientSecret: string) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const res = await ctx.services.fetch(`${login}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    redirect: 'manual',
    signal: ctx.signal,
  });
  const result = await readResponse(res);
  if (result.status !== 200) {
    throw apiFailure(result, {
      what: 'Salesforce token request',
      describe: (r) => {
        const b = r.body as { error?: string; error_description?: string } | null;
        return b?.error ? { message: b.error_description ?? b.error, code: b.error } : null;
      },
    });
  }
  const b = result.body as { access_token?: string; instance_url?: string };
  if (!b?.access_token || !b.instance_url) {
    throw new NonRetryableError('the Salesforce token response lacks access_token or instance_url', 'salesforce_token');
  }
  return { token: b.access_token, expiresAt: Date.now() + TOKEN_TTL_MS, extra: { instanceUrl: b.instance_url } };
}

function describeSalesforce(r: HttpResult) {
  const list = Array.isArray(r.body) ? (r.body as { message?: string; errorCode?: string; fields?: string[] }[]) : [];
  const first = list[0];
  if (!first?.message) return null;
  const named = first.fields?.length && !first.fields.every((f) => first.message?.includes(f));
  const fields = named ? ` [${first.fields!.join(', ')}]` : '';
  return { message: `${first.message}${fields}`, code: first.errorCode };
}

export const SOBJECT_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,79}$';

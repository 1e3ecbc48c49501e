// Calls to a SaaS JSON API (CRM, Slack) with that provider's error format turned into a
// readable message, and its rate-limit answers into retryable errors with a wait time.
import type { NodeContext } from '../define-node.ts';
import { NonRetryableError, RetryAfterError } from '../step-errors.ts';
import { type HttpResult, readResponse, retryAfterMs } from './response.ts';

export type ApiCall = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Headers;
  body?: unknown;
  /** e.g. "HubSpot upsert contact"; appears in error messages. */
  what: string;
  /** The provider's error message and code from a failure body, if it has its documented shape. */
  describe: (result: HttpResult) => { message: string; code?: string } | null;
  /** Provider-specific: failures that are rate limits although not 429 (Salesforce 403 REQUEST_LIMIT_EXCEEDED). */
  rateLimited?: (result: HttpResult, code: string | undefined) => boolean;
};

export async function callJsonApi(ctx: NodeContext, call: ApiCall): Promise<HttpResult> {
  const headers = new Headers(call.headers);
  headers.set('accept', 'application/json');
  let body: string | undefined;
  if (call.body !== undefined) {
    headers.set('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify(call.body);
  }
  const res = await ctx.services.fetch(call.url, {
    method: call.method,
    headers,
    body,
    redirect: 'manual',
    // The headers a caller passes are its credential's (content headers are set here), so
    // they would be dropped if this call ever followed a redirect to another origin.
    credential: { headers: [...call.headers.keys()] },
    signal: ctx.signal,
  });
  const result = await readResponse(res);
  if (result.status >= 200 && result.status <= 299) return result;
  throw apiFailure(result, call);
}

export function apiFailure(result: HttpResult, call: Pick<ApiCall, 'what' | 'describe' | 'rateLimited'>): Error {
  const described = call.describe(result);
  const raw = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const detail = described?.message ?? (raw ?? '').slice(0, 300);
  const code = described?.code;
  const message = `${call.what} failed (${result.status}${code ? ` ${code}` : ''}): ${detail}`;
  const errCode = code ? `${code}`.toLowerCase() : `http_${result.status}`;
  if (result.status === 429 || call.rateLimited?.(result, code)) {
    const wait = retryAfterMs(result.headers['retry-after']) ?? resetSeconds(result.headers['x-ratelimit-reset']);
    return wait !== null
      ? new RetryAfterError(message, wait, errCode)
      : Object.assign(new Error(message), { code: errCode });
  }
  if (result.status === 408 || result.status >= 500) return Object.assign(new Error(message), { code: errCode });
  return new NonRetryableError(message, errCode, { status: result.status, body: result.body });
}

function resetSeconds(v: string | undefined): number | null {
  return v && /^\d+$/.test(v.trim()) ? Number(v.trim()) * 1000 : null;
}

/** The base URL from a credential (tests point it at a local server), without a trailing slash. */
export function baseUrl(data: Record<string, unknown>, field: string, fallback: string): string {
  const v = typeof data[field] === 'string' && data[field] ? (data[field] as string) : fallback;
  return v.replace(/\/+$/, '');
}

/** Rate limits and transient failures of SaaS APIs: retried with backoff unless the step says otherwise. */
export const SAAS_RETRY = { attempts: 5, backoff: 'exponential', delay: '1s', maxDelay: '2m', jitter: true } as const;

export async function requireCredential(ctx: NodeContext, node: string, type: string) {
  if (!ctx.credentialName) throw new NonRetryableError(`${node} needs a ${type} credential`, 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== type) {
    throw new NonRetryableError(
      `${node} needs a ${type} credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  return cred;
}

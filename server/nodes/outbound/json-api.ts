// The one helper for calls to a SaaS API (CRM, chat, issue trackers, sheets): JSON or form
// body, the step's idempotency key, the credential's headers marked so they never follow a
// redirect, and the provider's error shape turned into an error whose class tells the
// engine whether a retry can help (429 + Retry-After or the provider's own hint: wait; 5xx:
// back off; 401/403: fail at once and name the credential).
import type { NodeContext } from '../define-node.ts';
import { NonRetryableError, RetryAfterError } from '../step-errors.ts';
import { type HttpResult, readResponse, retryAfterMs } from './response.ts';

export type ProviderError = { message: string; code?: string };

/** How a provider's failure answers read: everything but `what` and `describe` is optional. */
export type FailureSpec = {
  /** e.g. "HubSpot upsert contact"; appears in error messages. */
  what: string;
  /** The provider's error message and code from a failure body, if it has its documented shape. */
  describe: (result: HttpResult) => ProviderError | null;
  /** Failures that are rate limits although not 429 (Salesforce REQUEST_LIMIT_EXCEEDED, GitHub 403 with none left). */
  rateLimited?: (result: HttpResult, code: string | undefined) => boolean;
  /** The provider's own wait hint when there is no Retry-After header (Telegram, GitHub, Airtable). */
  waitMs?: (result: HttpResult) => number | null;
  /** Failures the provider documents as worth retrying although 4xx (Notion's 409 conflict_error). */
  transient?: (result: HttpResult) => boolean;
  /** An auth failure under another status (Linear's GraphQL AUTHENTICATION_ERROR in a 400 or 200). */
  authFailed?: (result: HttpResult) => boolean;
};

export type ApiCall = FailureSpec & {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** The credential's headers: dropped if a redirect ever left the origin. */
  headers: Headers | Record<string, string>;
  /** Other headers (API version, Accept, User-Agent). */
  extraHeaders?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent form-encoded instead of `body`. */
  form?: URLSearchParams;
};

export async function callJsonApi(ctx: NodeContext, call: ApiCall): Promise<HttpResult> {
  const credentialHeaders = new Headers(call.headers);
  const headers = new Headers({ accept: 'application/json', ...call.extraHeaders });
  for (const [k, v] of credentialHeaders) headers.set(k, v);
  // Providers that honour it (Twilio, Stripe-style APIs) drop a repeat; the rest ignore it.
  headers.set('idempotency-key', ctx.idempotencyKey);
  let body: string | undefined;
  if (call.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = call.form.toString();
  } else if (call.body !== undefined) {
    headers.set('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify(call.body);
  }
  const res = await ctx.services.fetch(call.url, {
    method: call.method,
    headers,
    body,
    redirect: 'manual',
    credential: { headers: [...credentialHeaders.keys()] },
    signal: ctx.signal,
  });
  const result = await readResponse(res);
  if (result.status >= 200 && result.status <= 299) return result;
  throw apiFailure(result, call);
}

/** The error for a failed answer; also for failures inside a 2xx (GraphQL `errors`, Slack's `ok:false`). */
export function apiFailure(result: HttpResult, call: FailureSpec): Error {
  const described = call.describe(result);
  const raw = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const detail = described?.message ?? (raw ?? '').slice(0, 300);
  const code = described?.code;
  const message = `${call.what} failed (${result.status}${code ? ` ${code}` : ''}): ${detail}`;
  const errCode = code ? `${code}`.toLowerCase() : `http_${result.status}`;
  const retryable = () => Object.assign(new Error(message), { code: errCode });
  if (result.status === 429 || call.rateLimited?.(result, code)) {
    // A Retry-After header wins; then the provider's own hint (GitHub's reset is epoch
    // seconds), then the generic reading of x-ratelimit-reset as seconds from now.
    const wait =
      retryAfterMs(result.headers['retry-after']) ??
      call.waitMs?.(result) ??
      resetSeconds(result.headers['x-ratelimit-reset']);
    return wait !== null ? new RetryAfterError(message, Math.max(0, wait), errCode) : retryable();
  }
  if (call.transient?.(result)) return retryable();
  const details = { status: result.status, body: result.body };
  if (result.status === 401 || result.status === 403 || call.authFailed?.(result)) {
    // The message names the fix: the credential, not the workflow.
    return new NonRetryableError(`${message} — check the step's credential`, errCode, details);
  }
  if (result.status === 408 || result.status >= 500) return retryable();
  return new NonRetryableError(message, errCode, details);
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

/**
 * `Authorization: Basic` for a user and secret. The encoded pair is registered as a secret,
 * so an API that echoes the header back cannot put it into a stored step output.
 */
export function basicAuth(ctx: NodeContext, user: string, secret: string): string {
  const encoded = Buffer.from(`${user}:${secret}`).toString('base64');
  ctx.services.secret(encoded);
  return `Basic ${encoded}`;
}

/** Seconds in a JSON body (Discord's `retry_after`, Telegram's `parameters.retry_after`) as ms. */
export function secondsToMs(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.ceil(v * 1000) : null;
}

export function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

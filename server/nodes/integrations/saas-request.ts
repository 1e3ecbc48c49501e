// One outbound call of an integration: JSON or form body, the step's idempotency key, the
// credential's headers marked so they never follow a redirect, and the provider's error
// shape turned into an error whose class tells the engine whether a retry can help.
import type { NodeContext } from '../define-node.ts';
import { apiFailure } from '../http/json-api.ts';
import { type HttpResult, readResponse, retryAfterMs } from '../http/response.ts';
import { NonRetryableError, RetryAfterError } from '../step-errors.ts';

export type ProviderError = { message: string; code?: string };

export type SaasRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  /** Headers that carry the credential: dropped if a redirect ever left the origin. */
  auth: Record<string, string>;
  /** Other headers (API version, Accept). */
  headers?: Record<string, string>;
  json?: unknown;
  form?: URLSearchParams;
  /** e.g. "Discord webhook"; appears in error messages. */
  what: string;
  /** The provider's message and code from a failure body in its documented shape. */
  describe: (result: HttpResult) => ProviderError | null;
  /** Failures that are rate limits although not 429 (GitHub 403 with no requests left). */
  rateLimited?: (result: HttpResult) => boolean;
  /** The provider's own wait hint when it is not a Retry-After header (Telegram, GitHub). */
  waitMs?: (result: HttpResult) => number | null;
  /** Failures the provider documents as worth retrying although 4xx (Notion's 409 conflict_error). */
  transient?: (result: HttpResult) => boolean;
  /** An auth failure under another status (Linear's GraphQL AUTHENTICATION_ERROR in a 400 or 200). */
  authFailed?: (result: HttpResult) => boolean;
};

export async function saasRequest(ctx: NodeContext, call: SaasRequest): Promise<HttpResult> {
  const headers = new Headers({ accept: 'application/json', ...call.headers, ...call.auth });
  // Providers that honour it (Twilio, Stripe-style APIs) drop a repeat; the rest ignore it.
  headers.set('idempotency-key', ctx.idempotencyKey);
  let body: string | undefined;
  if (call.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = call.form.toString();
  } else if (call.json !== undefined) {
    headers.set('content-type', 'application/json; charset=utf-8');
    body = JSON.stringify(call.json);
  }
  const res = await ctx.services.fetch(call.url, {
    method: call.method,
    headers,
    body,
    redirect: 'manual',
    credential: { headers: Object.keys(call.auth) },
    signal: ctx.signal,
  });
  const result = await readResponse(res);
  if (result.status >= 200 && result.status <= 299) return result;
  throw failure(result, call);
}

/** The error for a failed answer; also used for failures inside a 2xx (GraphQL, Slack-style `ok:false`). */
export function failure(
  result: HttpResult,
  call: Pick<SaasRequest, 'what' | 'describe' | 'rateLimited' | 'waitMs' | 'transient' | 'authFailed'>,
) {
  const limited = result.status === 429 || (call.rateLimited?.(result) ?? false);
  const wait = limited ? (call.waitMs?.(result) ?? null) : null;
  const err = apiFailure(result, { what: call.what, describe: call.describe, rateLimited: () => limited });
  // A Retry-After header wins; otherwise the provider's own hint replaces apiFailure's
  // generic reading of x-ratelimit-reset (seconds from now), which GitHub sends as epoch seconds.
  if (wait !== null && retryAfterMs(result.headers['retry-after']) === null) {
    return new RetryAfterError(err.message, Math.max(0, wait), (err as { code?: string }).code);
  }
  if (call.transient?.(result) && err instanceof NonRetryableError) {
    return Object.assign(new Error(err.message), { code: err.code });
  }
  if (result.status === 401 || result.status === 403 || call.authFailed?.(result)) {
    if (limited) return err;
    // The message names the fix: the credential, not the workflow.
    return new NonRetryableError(
      `${err.message} — check the step's credential`,
      (err as { code?: string }).code,
      (err as NonRetryableError).details,
    );
  }
  return err;
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

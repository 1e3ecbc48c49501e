import { Type } from 'typebox';
import { boundedMemo } from '../../lib/bounded-memo.ts';
import { parseDuration } from '../../lib/duration.ts';
import { timeoutSignal } from '../../lib/timeout-signal.ts';
import { defineNode, type NodeContext } from '../define-node.ts';
import { failureFor, readResponse } from '../outbound/response.ts';
import type { GuardedInit } from '../outbound/ssrf-guard.ts';
import { anyValue, stringEnum, stringMap } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

/** A general HTTP call. The response (status, headers, parsed body) is the step's output. */
export const httpRequestNode = defineNode({
  type: 'http.request',
  title: 'HTTP request',
  category: 'HTTP',
  description:
    'Call any HTTP endpoint, optionally authenticated by a credential. JSON responses are parsed; non-success statuses fail the step.',
  params: Type.Object(
    {
      method: Type.Optional(
        stringEnum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], {
          title: 'Method',
          description: 'HTTP method.',
          default: 'GET',
        }),
      ),
      url: Type.String({
        title: 'URL',
        format: 'uri',
        description: 'http(s) URL, e.g. https://api.example.com/orders',
      }),
      headers: Type.Optional(
        stringMap({
          title: 'Headers',
          description: 'Request headers. Authentication comes from the step’s credential, not from here.',
        }),
      ),
      query: Type.Optional(
        Type.Unsafe<Record<string, string | number | boolean>>({
          type: 'object',
          title: 'Query parameters',
          description: 'Appended to the URL, URL-encoded.',
          additionalProperties: { type: ['string', 'number', 'boolean'] },
        }),
      ),
      body: Type.Optional(
        anyValue({ title: 'Body', description: 'Sent as JSON by default; usually an expression such as =steps.shape' }),
      ),
      bodyType: Type.Optional(
        stringEnum(['json', 'text', 'form', 'none'], {
          title: 'Body type',
          description: 'json, text, form (URL-encoded) or none.',
          default: 'json',
        }),
      ),
      timeout: Type.Optional(
        Type.String({
          title: 'Timeout',
          description: 'Time limit of one request, e.g. 10s.',
          pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m|h)$',
          default: '30s',
        }),
      ),
      successStatuses: Type.Optional(
        Type.String({
          title: 'Success statuses',
          description: 'Comma-separated codes or ranges, e.g. 200-299,304',
          pattern: '^\\s*\\d{3}(\\s*-\\s*\\d{3})?(\\s*,\\s*\\d{3}(\\s*-\\s*\\d{3})?)*\\s*$',
          default: '200-299',
        }),
      ),
      followRedirects: Type.Optional(
        Type.Boolean({
          title: 'Follow redirects',
          description: 'Follow up to 5 redirects (each target is checked by the SSRF guard too).',
          default: true,
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['bearer', 'basic', 'apiKey', 'oauth2ClientCredentials'],
  async execute(params, ctx) {
    const method = (params.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(String(params.url));
    } catch {
      throw new NonRetryableError(`"${params.url}" is not a valid URL`, 'invalid_url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new NonRetryableError(`only http and https URLs are allowed, got ${url.protocol}`, 'invalid_url');
    }
    for (const [k, v] of Object.entries(params.query ?? {})) url.searchParams.append(k, String(v));
    const headers = new Headers();
    for (const [k, v] of Object.entries(params.headers ?? {})) headers.set(k, String(v));
    if (!headers.has('idempotency-key')) headers.set('idempotency-key', ctx.idempotencyKey);
    const init: GuardedInit = { method, headers, redirect: params.followRedirects === false ? 'manual' : 'follow' };
    const bodyType = params.bodyType ?? 'json';
    if (params.body !== undefined && bodyType !== 'none' && method !== 'GET' && method !== 'HEAD') {
      init.body = encodeBody(params.body, bodyType, headers);
    }
    const { signal, done } = timeoutSignal(ctx.signal, parseDuration(params.timeout, 30_000));
    try {
      const result = await sendAuthenticated(url, { ...init, signal }, ctx);
      if (!statusMatches(result.status, params.successStatuses ?? '200-299')) {
        throw failureFor(result, `${method} ${url.origin}${url.pathname}`);
      }
      return { output: result };
    } finally {
      done();
    }
  },
});

/**
 * Sends the request, authenticated by the step's credential when it has one, and reads the
 * response. An expired or revoked OAuth2 token (a 401 while a token was cached) is fetched
 * afresh and the request tried once more.
 */
async function sendAuthenticated(url: URL, init: GuardedInit, ctx: NodeContext) {
  const credential = ctx.credentialName ? await ctx.services.credential(ctx.credentialName) : null;
  const send = async () => {
    if (!credential) return { res: await ctx.services.fetch(url, init), reset: () => false };
    if (!credential.authenticate) {
      throw new NonRetryableError(
        `a ${credential.type} credential cannot authenticate an HTTP request`,
        'credential_type',
      );
    }
    const auth = await credential.authenticate(url, new Headers(init.headers), ctx);
    const res = await ctx.services.fetch(auth.url, {
      ...init,
      headers: auth.headers,
      credential: auth.credential,
    });
    return { res, reset: auth.reset };
  };
  let { res, reset } = await send();
  if (res.status === 401 && reset()) {
    await res.body?.cancel();
    ({ res, reset } = await send());
  }
  return readResponse(res);
}

function encodeBody(body: unknown, bodyType: 'json' | 'text' | 'form', headers: Headers): string {
  switch (bodyType) {
    case 'json':
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return JSON.stringify(body);
    case 'text':
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
      return typeof body === 'string' ? body : JSON.stringify(body);
    case 'form': {
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
      if (!body || typeof body !== 'object')
        throw new NonRetryableError('a form body must be an object', 'invalid_body');
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      return form.toString();
    }
  }
}

export function statusMatches(status: number, spec: string): boolean {
  return statusRanges(spec).some(([lo, hi]) => status >= lo && status <= hi);
}

// A workflow's specs are few and fixed, and every call checks one: parse each spec once.
const statusRanges = boundedMemo((spec): [number, number][] =>
  spec.split(',').map((part) => {
    const [lo, hi] = part.split('-').map((s) => Number(s.trim()));
    return [lo, hi ?? lo];
  }),
);

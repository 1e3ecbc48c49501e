// Outbound HTTP goes through undici's dispatcher API (`Agent.request`) rather than `fetch`:
// fetch wraps every call in WHATWG streams, a Request/Response pair, header guards and an
// AbortController chain, about a fifth of the CPU of a two-step execution. The nodes only
// need the subset below, which a WHATWG `Response` also satisfies (unit tests answer with one).
import type { Dispatcher } from 'undici';

export type OutboundHeaders = {
  get(name: string): string | null;
  forEach(fn: (value: string, name: string) => void): void;
};

export type OutboundResponse = {
  status: number;
  headers: OutboundHeaders;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  /** Null for a response without a body; `cancel()` discards what is left unread. */
  body: { cancel(): Promise<void> } | null;
};

/** The request's headers as undici takes them, from whatever `RequestInit.headers` held. */
export function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [k, v] of init instanceof Headers ? init : init) out[k.toLowerCase()] = v;
    return out;
  }
  for (const [k, v] of Object.entries(init)) out[k.toLowerCase()] = v;
  return out;
}

/** Wraps undici's response data; repeated headers are joined with ", " as fetch does. */
export function outboundResponse(data: Dispatcher.ResponseData): OutboundResponse {
  const raw = data.headers;
  const value = (v: string | string[] | undefined) => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);
  const headers: OutboundHeaders = {
    get: (name) => value(raw[name.toLowerCase()]),
    forEach(fn) {
      for (const [k, v] of Object.entries(raw)) {
        const s = value(v);
        if (s !== null) fn(s, k);
      }
    },
  };
  const body = data.body;
  // A 204/304 or a HEAD answer has no body to read; fetch exposes null there too.
  const empty = data.statusCode === 204 || data.statusCode === 304;
  return {
    status: data.statusCode,
    headers,
    arrayBuffer: () => body.arrayBuffer(),
    text: () => body.text(),
    body: empty
      ? null
      : {
          async cancel() {
            body.destroy();
          },
        },
  };
}

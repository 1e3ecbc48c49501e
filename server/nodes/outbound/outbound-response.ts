// The response the nodes see from outbound HTTP (dispatch-request.ts makes it): rather than
// `fetch`, which wraps every call in WHATWG streams, a Request/Response pair, header guards
// and an AbortController chain (about a fifth of the CPU of a two-step execution). The nodes
// only need the subset below, which a WHATWG `Response` also satisfies (unit tests answer
// with one).
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { NonRetryableError } from '../step-errors.ts';

/** No node keeps more of a response body than this (decoded), however well it compresses. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

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

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/**
 * Undoes Content-Encoding as fetch did (gzip, deflate, br; several in order), off the event
 * loop and bounded: a small compressed answer cannot inflate past MAX_RESPONSE_BYTES in
 * memory. An unknown coding is passed through as received.
 */
export async function decodeBody(raw: Buffer, encoding: string | null): Promise<Buffer> {
  if (!encoding || raw.length === 0) return raw;
  const limit = { maxOutputLength: MAX_RESPONSE_BYTES + 1 };
  let out = raw;
  const codings = encoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity')
    .reverse();
  try {
    for (const coding of codings) {
      if (coding === 'gzip' || coding === 'x-gzip') out = await gunzip(out, limit);
      // "deflate" is meant zlib-wrapped, but servers send it raw too (fetch accepts both).
      else if (coding === 'deflate') out = await inflate(out, limit).catch(() => inflateRaw(out, limit));
      else if (coding === 'br') out = await brotli(out, limit);
      else return out;
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new NonRetryableError(
        `response body exceeds ${MAX_RESPONSE_BYTES} bytes once decoded`,
        'response_too_large',
      );
    }
    throw err;
  }
  return out;
}

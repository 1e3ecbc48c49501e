// Shared handling of an outbound HTTP response: parse by content type, and turn a failure
// status into an error whose class tells the engine whether a retry can help.
import { NonRetryableError, RetryAfterError } from '../step-errors.ts';
import { MAX_RESPONSE_BYTES, type OutboundResponse } from './outbound-response.ts';

export type HttpResult = { status: number; headers: Record<string, string>; body: unknown };

export async function readResponse(res: OutboundResponse): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_RESPONSE_BYTES) {
    throw new NonRetryableError(
      `response body of ${buf.length} bytes exceeds ${MAX_RESPONSE_BYTES}`,
      'response_too_large',
    );
  }
  const type = headers['content-type'] ?? '';
  let body: unknown = buf.toString('utf8');
  if (/[/+]json\b/i.test(type) && buf.length > 0) {
    try {
      body = JSON.parse(body as string);
    } catch {
      // A server that mislabels its body still gets its text recorded.
    }
  } else if (!/^text\/|xml|x-www-form-urlencoded|^$/i.test(type)) {
    body = { base64: buf.toString('base64'), contentType: type };
  }
  return { status: res.status, headers, body };
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function failureFor(result: HttpResult, what: string): Error {
  const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const message = `${what} answered ${result.status}: ${(text ?? '').slice(0, 300)}`;
  const wait = retryAfterMs(result.headers['retry-after']);
  if ((result.status === 429 || result.status === 503) && wait !== null) {
    return new RetryAfterError(message, wait, `http_${result.status}`);
  }
  if (result.status === 408 || result.status === 429 || result.status >= 500) {
    return Object.assign(new Error(message), { code: `http_${result.status}` });
  }
  return new NonRetryableError(message, `http_${result.status}`, { status: result.status, body: result.body });
}

import type { TriggerInput } from '../../../../server/http/api-types.ts';

/**
 * Reads a pasted sample. A full captured request (with `body` and `headers` or `method`) is used
 * as it is; anything else is taken as the JSON body of a POST.
 */
export function sampleFromText(text: string, now = new Date()): TriggerInput {
  const value: unknown = JSON.parse(text);
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    'body' in value &&
    ('headers' in value || 'method' in value)
  ) {
    const input = value as Partial<TriggerInput>;
    return {
      method: input.method ?? 'POST',
      path: input.path ?? '/',
      headers: input.headers ?? {},
      query: input.query ?? {},
      body: input.body,
      receivedAt: input.receivedAt ?? now.toISOString(),
    };
  }
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
    query: {},
    body: value,
    receivedAt: now.toISOString(),
  };
}

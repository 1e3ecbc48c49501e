import { Type } from 'typebox';
import { isReservedHookHeader } from '../../lib/hook-response-headers.ts';
import { defineNode } from '../define-node.ts';
import { anyValue, stringMap } from '../params.ts';

/**
 * Sets the answer of a sync-mode trigger. Its output `{status, headers, body}` is the
 * execution's `response`; in async mode it is recorded and has no other effect.
 */
export const respondNode = defineNode({
  type: 'respond',
  title: 'Respond',
  category: 'Core',
  description: 'Answer the caller of a sync-mode trigger with a status, headers and body.',
  params: Type.Object(
    {
      status: Type.Optional(
        Type.Integer({
          minimum: 100,
          maximum: 599,
          default: 200,
          title: 'Status',
          description: 'HTTP status code.',
        }),
      ),
      headers: Type.Optional(
        stringMap({
          title: 'Headers',
          description: 'Response headers. Set-Cookie and origin-wide security headers are not sent.',
        }),
      ),
      body: Type.Optional(
        anyValue({ title: 'Body', description: 'Sent as JSON unless it is a string, e.g. ={ "ok": true }.' }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  pure: true,
  async execute(params) {
    const headers: Record<string, string> = {};
    // Cookies and origin-wide headers are never sent (the trigger drops them); the recorded
    // output leaves them out too, so what is stored matches what the caller got.
    for (const [k, v] of Object.entries(params.headers ?? {})) {
      if (!isReservedHookHeader(k)) headers[k.toLowerCase()] = String(v);
    }
    return { output: { status: params.status ?? 200, headers, body: params.body ?? null } };
  },
});

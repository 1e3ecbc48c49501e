import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { failureFor, readResponse } from '../outbound/response.ts';
import { signatureHeader } from '../outbound/standard-webhooks.ts';
import { anyValue, stringMap } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

/**
 * An outbound webhook signed per Standard Webhooks. `webhook-id` is the idempotency key
 * `<executionId>:<step key>`, identical on every retry, so receivers can dedupe.
 * 2xx: delivered. 3xx: not followed, a failure. 410: the receiver is gone, no retries.
 * 429/5xx/network: retried (honouring Retry-After) by the default policy.
 */
export const webhookSendNode = defineNode({
  type: 'webhook.send',
  title: 'Send webhook',
  category: 'HTTP',
  description: 'POST a JSON payload signed per the Standard Webhooks spec, retried with backoff until delivered.',
  params: Type.Object(
    {
      url: Type.String({ format: 'uri', title: 'URL', description: 'The receiver’s endpoint (http or https).' }),
      payload: anyValue({
        title: 'Payload',
        description: 'The JSON body, e.g. ={ "type": "order.paid", "timestamp": $now(), "data": steps.shape }.',
      }),
      headers: Type.Optional(stringMap({ title: 'Extra headers', description: 'Sent besides the webhook-* headers.' })),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['hmac'],
  defaultRetry: { attempts: 6, backoff: 'exponential', delay: '1s', maxDelay: '10m', jitter: true },
  async execute(params, ctx) {
    if (!ctx.credentialName) {
      throw new NonRetryableError('webhook.send needs a signing-secret (hmac) credential', 'credential_required');
    }
    const cred = await ctx.services.credential(ctx.credentialName);
    if (cred.type !== 'hmac') {
      throw new NonRetryableError(
        `webhook.send needs an hmac credential, "${ctx.credentialName}" is ${cred.type}`,
        'credential_type',
      );
    }
    const secrets = [cred.data.secret as string, ...((cred.data.previousSecrets as string[] | undefined) ?? [])];
    const body = JSON.stringify(params.payload ?? null);
    const id = ctx.idempotencyKey;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = new Headers();
    for (const [k, v] of Object.entries(params.headers ?? {})) headers.set(k, String(v));
    headers.set('content-type', 'application/json');
    headers.set('webhook-id', id);
    headers.set('webhook-timestamp', String(timestamp));
    headers.set('webhook-signature', signatureHeader(secrets, id, timestamp, body));
    const target = new URL(params.url);
    const res = await ctx.services.fetch(target.toString(), {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: ctx.signal,
    });
    const result = await readResponse(res);
    const what = `webhook to ${target.origin}${target.pathname}`;
    if (result.status >= 200 && result.status <= 299) {
      return { output: { delivered: true, webhookId: id, status: result.status, attempt: ctx.attempt } };
    }
    if (result.status >= 300 && result.status <= 399) {
      // Receivers must answer at their real URL; following could leak the payload elsewhere.
      throw Object.assign(new Error(`${what} answered ${result.status} (redirects are not followed)`), {
        code: `http_${result.status}`,
      });
    }
    if (result.status === 410) {
      throw new NonRetryableError(`${what} answered 410 Gone: the receiver asked to stop`, 'http_410');
    }
    throw failureFor(result, what);
  },
});

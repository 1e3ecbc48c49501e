// Standard Webhooks (standardwebhooks.com, used by Svix, Resend, Clerk and others):
// `webhook-signature: v1,<b64> v1,<b64>` over `<webhook-id>.<webhook-timestamp>.<body>`
// with HMAC-SHA256. Secrets are `whsec_<base64 key>`; the key is the decoded bytes.
import { anyMatch, checkTimestamp, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header } from './types.ts';

const PREFIX = 'whsec_';

export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export const standardWebhooksPreset: HmacPreset = {
  name: 'standard-webhooks',
  verify(input, secrets, toleranceMs) {
    const id = header(input.headers, 'webhook-id');
    const ts = header(input.headers, 'webhook-timestamp');
    const value = header(input.headers, 'webhook-signature');
    if (!id || !value) return fail('signature_missing', 'webhook-id or webhook-signature header is missing');
    const stale = checkTimestamp(ts, input.now, toleranceMs);
    if (stale) return stale;
    const given: Buffer[] = [];
    for (const part of value.split(' ')) {
      const [version, sig] = part.split(',', 2);
      if (version !== 'v1' || !sig) continue;
      const decoded = decodeSignature(sig, 'base64');
      if (decoded) given.push(decoded);
    }
    if (given.length === 0) return fail('signature_missing', 'webhook-signature carries no v1 signature');
    const expected = secrets.map((s) => hmac('sha256', standardWebhooksKey(s), `${id}.${ts}.`, input.rawBody));
    return anyMatch(expected, given) ? null : fail('signature_invalid', 'no webhook-signature v1 matches');
  },
};

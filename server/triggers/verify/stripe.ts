// Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>,v1=<hex>` where each v1 is HMAC-SHA256 of
// `<t>.<body>`. Stripe sends one v1 per active endpoint secret while a secret is rolled,
// so any v1 matching any of our secrets passes. v0 (test-mode legacy) is ignored.
import { anyMatch, checkTimestamp, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header } from './types.ts';

export const stripePreset: HmacPreset = {
  name: 'stripe',
  verify(input, secrets, toleranceMs) {
    const value = header(input.headers, 'stripe-signature');
    if (!value) return fail('signature_missing', 'Stripe-Signature header is missing');
    let t: string | undefined;
    const given: Buffer[] = [];
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const k = part.slice(0, eq).trim();
      const v = part.slice(eq + 1).trim();
      if (k === 't') t = v;
      else if (k === 'v1') {
        const sig = decodeSignature(v, 'hex');
        if (sig) given.push(sig);
      }
    }
    if (given.length === 0) return fail('signature_missing', 'Stripe-Signature carries no v1 signature');
    const stale = checkTimestamp(t, input.now, toleranceMs);
    if (stale) return stale;
    const expected = secrets.map((s) => hmac('sha256', s, `${t}.`, input.rawBody));
    return anyMatch(expected, given) ? null : fail('signature_invalid', 'no Stripe-Signature v1 matches');
  },
};

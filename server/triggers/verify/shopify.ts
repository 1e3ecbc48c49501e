// Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>`, keyed by the app's
// client secret. No signed timestamp; dedupe on `X-Shopify-Event-Id` catches retries.
import { anyMatch, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header } from './types.ts';

export const shopifyPreset: HmacPreset = {
  name: 'shopify',
  verify(input, secrets) {
    const value = header(input.headers, 'x-shopify-hmac-sha256');
    if (!value) return fail('signature_missing', 'X-Shopify-Hmac-Sha256 header is missing');
    const given = decodeSignature(value, 'base64');
    if (!given) return fail('signature_invalid', 'X-Shopify-Hmac-Sha256 is not base64');
    const expected = secrets.map((s) => hmac('sha256', s, input.rawBody));
    return anyMatch(expected, [given]) ? null : fail('signature_invalid', 'X-Shopify-Hmac-Sha256 does not match');
  },
};

// Slack: `X-Slack-Signature: v0=<hex>` over `v0:<X-Slack-Request-Timestamp>:<body>` with
// HMAC-SHA256 and the app's signing secret.
import { anyMatch, checkTimestamp, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header } from './types.ts';

export const slackPreset: HmacPreset = {
  name: 'slack',
  verify(input, secrets, toleranceMs) {
    const value = header(input.headers, 'x-slack-signature');
    if (!value) return fail('signature_missing', 'X-Slack-Signature header is missing');
    if (!value.startsWith('v0=')) return fail('signature_invalid', 'X-Slack-Signature must start with v0=');
    const given = decodeSignature(value.slice(3), 'hex');
    if (!given) return fail('signature_invalid', 'X-Slack-Signature is not hex');
    const ts = header(input.headers, 'x-slack-request-timestamp');
    const stale = checkTimestamp(ts, input.now, toleranceMs);
    if (stale) return stale;
    const expected = secrets.map((s) => hmac('sha256', s, `v0:${ts}:`, input.rawBody));
    return anyMatch(expected, [given]) ? null : fail('signature_invalid', 'X-Slack-Signature does not match');
  },
};

// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. No signed timestamp;
// replays are caught by dedupe on `X-GitHub-Delivery`.
import { anyMatch, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header } from './types.ts';

export const githubPreset: HmacPreset = {
  name: 'github',
  verify(input, secrets) {
    const value = header(input.headers, 'x-hub-signature-256');
    if (!value) return fail('signature_missing', 'X-Hub-Signature-256 header is missing');
    if (!value.startsWith('sha256=')) return fail('signature_invalid', 'X-Hub-Signature-256 must start with sha256=');
    const given = decodeSignature(value.slice(7), 'hex');
    if (!given) return fail('signature_invalid', 'X-Hub-Signature-256 is not hex');
    const expected = secrets.map((s) => hmac('sha256', s, input.rawBody));
    return anyMatch(expected, [given]) ? null : fail('signature_invalid', 'X-Hub-Signature-256 does not match');
  },
};

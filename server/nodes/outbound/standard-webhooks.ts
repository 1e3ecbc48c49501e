// Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over
// `<id>.<timestamp>.<body>` with the base64 key of a `whsec_` secret, sent as
// `v1,<base64>`; several space-separated signatures while keys rotate.
import { createHmac } from 'node:crypto';
import { NonRetryableError } from '../step-errors.ts';

export function secretKey(secret: string): Buffer {
  const raw = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(raw, 'base64');
  if (key.length < 16 || key.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, '')) {
    throw new NonRetryableError(
      'a webhook signing secret must be whsec_ followed by base64 (at least 16 bytes)',
      'invalid_secret',
    );
  }
  return key;
}

export function signatureHeader(secrets: string[], id: string, timestampSeconds: number, body: string): string {
  const content = `${id}.${timestampSeconds}.${body}`;
  return secrets.map((s) => `v1,${createHmac('sha256', secretKey(s)).update(content).digest('base64')}`).join(' ');
}

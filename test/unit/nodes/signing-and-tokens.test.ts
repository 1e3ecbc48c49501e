import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from '../../../server/credentials/cipher.ts';
import { secretValues } from '../../../server/credentials/vault.ts';
import { apiFailure } from '../../../server/nodes/outbound/json-api.ts';
import { signatureHeader } from '../../../server/nodes/outbound/standard-webhooks.ts';
import { createTokenCache } from '../../../server/nodes/outbound/token-cache.ts';
import { NonRetryableError, RetryAfterError } from '../../../server/nodes/step-errors.ts';

describe('Standard Webhooks signatures', () => {
  const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
  it('verify with the standardwebhooks library', () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"a":1}';
    const headers = {
      'webhook-id': 'E1:s',
      'webhook-timestamp': String(ts),
      'webhook-signature': signatureHeader([secret], 'E1:s', ts, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ a: 1 });
    expect(() => new Webhook(secret).verify('{"a":2}', headers)).toThrow();
  });
  it('rejects secrets that are not whsec_ base64 of 16+ bytes', () => {
    expect(() => signatureHeader(['whsec_short'], 'i', 1, '')).toThrow(NonRetryableError);
  });
});

describe('vault cipher', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips, and fails with another key, another name (AAD) or tampering', () => {
    const sealed = encrypt(key, 'crm', '{"token":"t"}');
    expect(decrypt(key, 'crm', sealed)).toBe('{"token":"t"}');
    expect(() => decrypt(Buffer.alloc(32, 8), 'crm', sealed)).toThrow();
    expect(() => decrypt(key, 'other', sealed)).toThrow();
    const [v, iv, tag, data] = sealed.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => decrypt(key, 'crm', [v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });
  it('lists the secret fields of a value for redaction, with the Basic header form', () => {
    expect(secretValues({ type: 'basic', data: { username: 'ada', password: 'pw-1234' } })).toEqual([
      'pw-1234',
      Buffer.from('ada:pw-1234').toString('base64'),
    ]);
    expect(secretValues({ type: 'hmac', data: { secret: 'whsec_abcd', previousSecrets: ['whsec_old1'] } })).toEqual([
      'whsec_abcd',
      'whsec_old1',
    ]);
  });
});

describe('token cache', () => {
  it('shares one fetch between concurrent callers and refetches after invalidation', async () => {
    const cache = createTokenCache();
    let n = 0;
    const fetchToken = async () => ({ token: `t${++n}`, expiresAt: Date.now() + 3600_000 });
    const [a, b] = await Promise.all([cache.get('k', fetchToken), cache.get('k', fetchToken)]);
    expect([a.token, b.token, n]).toEqual(['t1', 't1', 1]);
    cache.invalidate('k', 'other-token'); // a stale 401 does not drop a newer token
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get('k', fetchToken)).token).toBe('t1');
    cache.invalidate('k', 't1');
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get('k', fetchToken)).token).toBe('t2');
  });
  it('refetches a token about to expire', async () => {
    const cache = createTokenCache();
    let n = 0;
    const fetchToken = async () => ({ token: `t${++n}`, expiresAt: Date.now() + 10_000 });
    await cache.get('k', fetchToken);
    expect((await cache.get('k', fetchToken)).token).toBe('t2');
  });
});

describe('SaaS API failures', () => {
  const call = {
    what: 'X',
    describe: (r: { body: unknown }) => ({ message: String((r.body as { m: string }).m), code: 'E' }),
  };
  const result = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: { m: 'msg' } });
  it('429 with Retry-After or x-ratelimit-reset waits that long; 5xx retryable; 4xx not', () => {
    expect(apiFailure(result(429, { 'retry-after': '2' }), call)).toMatchObject({ retryAfterMs: 2000 });
    expect(apiFailure(result(429, { 'x-ratelimit-reset': '3' }), call)).toBeInstanceOf(RetryAfterError);
    const e500 = apiFailure(result(500), call);
    expect(e500).not.toBeInstanceOf(NonRetryableError);
    expect(e500.message).toBe('X failed (500 E): msg');
    expect(apiFailure(result(400), call)).toBeInstanceOf(NonRetryableError);
  });
});

// Every HMAC preset against requests signed the way the real sender signs them: the
// providers' own libraries where they ship one (Stripe, GitHub's octokit, Standard
// Webhooks), their published algorithms otherwise (Shopify, Slack).
import { createHmac, randomBytes } from 'node:crypto';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { compileAuth, runAuth } from '../../../server/triggers/verify/auth-checks.ts';
import type { SecretLookup } from '../../../server/triggers/verify/types.ts';
import type { TriggerAuth } from '../../../server/workflow/types.ts';

type Headers = Record<string, string>;
type Case = {
  auth: TriggerAuth;
  newSecret: () => string;
  /** Signs like the sender at `nowSec`; `extraSecrets` add signatures (rotation on the sender side). */
  sign: (body: string, secret: string, nowSec: number, extraSecrets?: string[]) => Promise<Headers>;
  timestamped: boolean;
  /** Whether the sender itself sends several signatures while rotating. */
  multiSignature: boolean;
};

const hex = (algo: string, key: string | Buffer, data: string) => createHmac(algo, key).update(data).digest('hex');
const b64 = (algo: string, key: string | Buffer, data: string) => createHmac(algo, key).update(data).digest('base64');
const randomSecret = () => randomBytes(24).toString('hex');

const cases: Record<string, Case> = {
  github: {
    auth: { type: 'hmac', preset: 'github', credential: 'c' },
    newSecret: randomSecret,
    sign: async (body, secret) => ({ 'x-hub-signature-256': await octokitSign(secret, body) }),
    timestamped: false,
    multiSignature: false,
  },
  stripe: {
    auth: { type: 'hmac', preset: 'stripe', credential: 'c' },
    newSecret: () => `whsec_${randomBytes(24).toString('hex')}`,
    sign: async (body, secret, nowSec, extra = []) => {
      let header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSec });
      for (const s of extra) {
        const other = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: s, timestamp: nowSec });
        header += `,${other.split(',').find((p) => p.startsWith('v1='))}`;
      }
      return { 'stripe-signature': header };
    },
    timestamped: true,
    multiSignature: true,
  },
  shopify: {
    auth: { type: 'hmac', preset: 'shopify', credential: 'c' },
    newSecret: randomSecret,
    sign: async (body, secret) => ({ 'x-shopify-hmac-sha256': b64('sha256', secret, body) }),
    timestamped: false,
    multiSignature: false,
  },
  slack: {
    auth: { type: 'hmac', preset: 'slack', credential: 'c' },
    newSecret: randomSecret,
    sign: async (body, secret, nowSec) => ({
      'x-slack-request-timestamp': String(nowSec),
      'x-slack-signature': `v0=${hex('sha256', secret, `v0:${nowSec}:${body}`)}`,
    }),
    timestamped: true,
    multiSignature: false,
  },
  'standard-webhooks': {
    auth: { type: 'hmac', preset: 'standard-webhooks', credential: 'c' },
    newSecret: () => `whsec_${randomBytes(24).toString('base64')}`,
    sign: async (body, secret, nowSec, extra = []) => {
      const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
      const date = new Date(nowSec * 1000);
      const sigs = [secret, ...extra].map((s) => new Webhook(s).sign(id, date, body));
      return { 'webhook-id': id, 'webhook-timestamp': String(nowSec), 'webhook-signature': sigs.join(' ') };
    },
    timestamped: true,
    multiSignature: true,
  },
  generic: {
    auth: {
      type: 'hmac',
      preset: 'generic',
      credential: 'c',
      header: 'x-signature',
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: 'sha512=',
      timestampHeader: 'x-timestamp',
      template: '{timestamp}.{header:x-event}.{body}',
    },
    newSecret: randomSecret,
    sign: async (body, secret, nowSec) => ({
      'x-event': 'order.paid',
      'x-timestamp': String(nowSec),
      'x-signature': `sha512=${b64('sha512', secret, `${nowSec}.order.paid.${body}`)}`,
    }),
    timestamped: true,
    multiSignature: false,
  },
};

async function verify(auth: TriggerAuth, secrets: string[], headers: Headers, body: string, nowMs = Date.now()) {
  const { checks, problems } = compileAuth(auth);
  expect(problems).toEqual([]);
  // Shaped as the hmac credential type stores it: the current secret plus those being rotated out.
  const data = { secret: secrets[0], previousSecrets: secrets.slice(1) };
  const lookup: SecretLookup = async (name) => (name === 'c' ? { type: 'hmac', data } : null);
  return runAuth(checks, { headers, rawBody: Buffer.from(body), clientIp: '127.0.0.1', now: nowMs }, lookup);
}

const BODY = JSON.stringify({ id: 'evt_1', object: 'event', data: { amount: 4200, note: 'ünïcode ✓' } });

for (const [name, c] of Object.entries(cases)) {
  describe(`HMAC preset ${name}`, () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a request signed by the sender', async () => {
      const secret = c.newSecret();
      expect(await verify(c.auth, [secret], await c.sign(BODY, secret, now()), BODY)).toBeNull();
    });

    it('rejects a tampered body', async () => {
      const secret = c.newSecret();
      const headers = await c.sign(BODY, secret, now());
      const failure = await verify(c.auth, [secret], headers, BODY.replace('4200', '4201'));
      expect(failure).toMatchObject({ status: 401, code: 'signature_invalid' });
    });

    it('rejects a signature made with another secret', async () => {
      const headers = await c.sign(BODY, c.newSecret(), now());
      const failure = await verify(c.auth, [c.newSecret()], headers, BODY);
      expect(failure).toMatchObject({ status: 401, code: 'signature_invalid' });
    });

    it('rejects a request without the signature header', async () => {
      const failure = await verify(c.auth, [c.newSecret()], { 'content-type': 'application/json' }, BODY);
      expect(failure).toMatchObject({ status: 401, code: 'signature_missing' });
    });

    if (c.timestamped) {
      it('rejects a stale timestamp (replay) and one from the future, accepts within tolerance', async () => {
        const secret = c.newSecret();
        const stale = await c.sign(BODY, secret, now() - 301);
        expect(await verify(c.auth, [secret], stale, BODY)).toMatchObject({ status: 401, code: 'signature_expired' });
        const future = await c.sign(BODY, secret, now() + 301);
        expect(await verify(c.auth, [secret], future, BODY)).toMatchObject({ code: 'signature_expired' });
        const recent = await c.sign(BODY, secret, now() - 240);
        expect(await verify(c.auth, [secret], recent, BODY)).toBeNull();
      });

      it('honours a custom tolerance', async () => {
        const secret = c.newSecret();
        const headers = await c.sign(BODY, secret, now() - 90);
        const strict = { ...c.auth, tolerance: '1m' } as TriggerAuth;
        expect(await verify(strict, [secret], headers, BODY)).toMatchObject({ code: 'signature_expired' });
      });
    }

    it('accepts during secret rotation: the credential holds the old and the new secret', async () => {
      const oldSecret = c.newSecret();
      const newSecret = c.newSecret();
      const signedNew = await c.sign(BODY, newSecret, now());
      expect(await verify(c.auth, [oldSecret, newSecret], signedNew, BODY)).toBeNull();
      const signedOld = await c.sign(BODY, oldSecret, now());
      expect(await verify(c.auth, [oldSecret, newSecret], signedOld, BODY)).toBeNull();
      expect(await verify(c.auth, [newSecret], signedOld, BODY)).toMatchObject({ code: 'signature_invalid' });
    });

    if (c.multiSignature) {
      it('accepts during sender-side rotation when a second signature matches', async () => {
        const ours = c.newSecret();
        const headers = await c.sign(BODY, c.newSecret(), now(), [ours]);
        expect(await verify(c.auth, [ours], headers, BODY)).toBeNull();
      });
    }
  });
}

describe('credentials for HMAC', () => {
  it('answers 401 credential_missing when the credential does not exist', async () => {
    const { checks } = compileAuth({ type: 'hmac', preset: 'github', credential: 'nope' });
    const failure = await runAuth(
      checks,
      { headers: {}, rawBody: Buffer.from('{}'), clientIp: '127.0.0.1', now: Date.now() },
      async () => null,
    );
    expect(failure).toMatchObject({ status: 401, code: 'credential_missing' });
  });

  it('answers 401 credential_invalid when the credential holds no secret', async () => {
    const { checks } = compileAuth({ type: 'hmac', preset: 'github', credential: 'c' });
    const failure = await runAuth(
      checks,
      { headers: {}, rawBody: Buffer.from('{}'), clientIp: '127.0.0.1', now: Date.now() },
      async () => ({ type: 'basic', data: { username: 'u', password: 'p' } }),
    );
    expect(failure).toMatchObject({ status: 401, code: 'credential_invalid' });
  });

  it('accepts the vault hmac shape: `secret` plus `previousSecrets` while rotating', async () => {
    const { checks } = compileAuth({ type: 'hmac', preset: 'github', credential: 'c' });
    const headers = { 'x-hub-signature-256': await octokitSign('old', BODY) };
    const failure = await runAuth(
      checks,
      { headers, rawBody: Buffer.from(BODY), clientIp: '127.0.0.1', now: Date.now() },
      async () => ({ type: 'hmac', data: { secret: 'new', previousSecrets: ['old'] } }),
    );
    expect(failure).toBeNull();
  });

  it('reports generic-only options on another preset', () => {
    const { problems } = compileAuth({ type: 'hmac', preset: 'github', credential: 'c', algorithm: 'sha1' });
    expect(problems[0].message).toBe('algorithm applies only to the generic preset');
  });

  it('accepts a single `secret` field as well as a `secrets` list', async () => {
    const { checks } = compileAuth({ type: 'hmac', preset: 'github', credential: 'c' });
    const headers = { 'x-hub-signature-256': await octokitSign('s3cret', BODY) };
    const failure = await runAuth(
      checks,
      { headers, rawBody: Buffer.from(BODY), clientIp: '127.0.0.1', now: Date.now() },
      async () => ({ type: 'hmac', data: { secret: 's3cret' } }),
    );
    expect(failure).toBeNull();
  });
});

describe('generic preset configuration', () => {
  it('reports templates it cannot honour', () => {
    const bad = (template: string, extra: Record<string, string> = {}) =>
      compileAuth({ type: 'hmac', preset: 'generic', credential: 'c', header: 'x-sig', template, ...extra }).problems;
    expect(bad('{timestamp}')[0].message).toMatch(/must contain \{body\}/);
    expect(bad('{nonsense}.{body}')[0].message).toMatch(/unknown placeholder/);
    expect(bad('{timestamp}.{body}')[0].message).toMatch(/timestampHeader/);
    expect(bad('{timestamp}.{body}', { timestampHeader: 'x-ts' })).toEqual([]);
  });

  it('verifies hex sha1 with the default {body} template', async () => {
    const auth: TriggerAuth = { type: 'hmac', preset: 'generic', credential: 'c', header: 'x-sig', algorithm: 'sha1' };
    const headers = { 'x-sig': hex('sha1', 'k', BODY) };
    expect(await verify(auth, ['k'], headers, BODY)).toBeNull();
    expect(await verify(auth, ['k'], { 'x-sig': hex('sha256', 'k', BODY) }, BODY)).toMatchObject({
      code: 'signature_invalid',
    });
  });
});

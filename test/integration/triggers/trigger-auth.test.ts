// Trigger authentication through the real server: HMAC presets, header token, Basic, IP
// allow-lists with trusted proxies. Every rejection asserts status, code, and that no
// execution was stored.
import { createHmac } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, memorySecrets, post, workflowDoc } from './trigger-helpers.ts';

const BODY = JSON.stringify({ action: 'opened', number: 7 });

describe('trigger authentication', () => {
  let hf: TestHookflow;
  const secrets = memorySecrets({
    gh: { type: 'hmac', data: { secret: 'gh-secret' } },
    stripe: { type: 'hmac', data: { secret: 'whsec_new', previousSecrets: ['whsec_old'] } },
    key: { type: 'apiKey', data: { key: 'k-123456' } },
    basic: { type: 'basic', data: { username: 'shop', password: 'pa:ss w0rd' } },
  });
  beforeAll(async () => {
    hf = await startHookflow({ TRUSTED_PROXIES: '127.0.0.1' }, { secrets });
  });
  afterAll(async () => {
    await hf.close();
  });

  it('github: accepts a signed delivery and exposes the body to the workflow', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('gh-ok', { auth: { type: 'hmac', preset: 'github', credential: 'gh' } }),
    );
    const res = await post(url, BODY, { 'x-hub-signature-256': await githubSign('gh-secret', BODY) });
    expect(res.status).toBe(202);
    const done = await waitForExecution(hf, res.body.executionId);
    expect(done.result).toEqual({ got: { action: 'opened', number: 7 } });
  });

  it('github: bad signature, missing signature and missing credential → 401, nothing stored', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('gh-bad', { auth: { type: 'hmac', preset: 'github', credential: 'gh' } }),
    );
    const bad = await post(url, BODY, { 'x-hub-signature-256': await githubSign('wrong', BODY) });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('signature_invalid');
    const missing = await post(url, BODY);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('signature_missing');
    expect(await countExecutions(hf, 'gh-bad')).toBe(0);

    const { url: noCred } = await createWorkflow(
      hf,
      workflowDoc('gh-nocred', { auth: { type: 'hmac', preset: 'github', credential: 'not-there' } }),
    );
    const res = await post(noCred, BODY, { 'x-hub-signature-256': await githubSign('gh-secret', BODY) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('credential_missing');
    expect(res.body.error.message).not.toContain('not-there');
    expect(await countExecutions(hf, 'gh-nocred')).toBe(0);
  });

  it('stripe: accepts with either rotated secret, rejects a replay outside the tolerance', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('stripe', { auth: { type: 'hmac', preset: 'stripe', credential: 'stripe' } }),
    );
    for (const secret of ['whsec_old', 'whsec_new']) {
      const header = Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret });
      expect((await post(url, BODY, { 'stripe-signature': header })).status).toBe(202);
    }
    const stale = Stripe.webhooks.generateTestHeaderString({
      payload: BODY,
      secret: 'whsec_new',
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const res = await post(url, BODY, { 'stripe-signature': stale });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('signature_expired');
    expect(await countExecutions(hf, 'stripe')).toBe(2);
  });

  it('header token: right key passes, wrong or missing key → 401', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('hdr', { auth: { type: 'header', header: 'authorization', prefix: 'Bearer ', credential: 'key' } }),
    );
    expect((await post(url, BODY, { authorization: 'Bearer k-123456' })).status).toBe(202);
    const wrong = await post(url, BODY, { authorization: 'Bearer k-1234567' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'auth_invalid']);
    const missing = await post(url, BODY);
    expect([missing.status, missing.body.error.code]).toEqual([401, 'auth_missing']);
    expect(await countExecutions(hf, 'hdr')).toBe(1);
  });

  it('basic: right user and password pass; wrong → 401 with a challenge; the header is not stored', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('basic', { auth: { type: 'basic', credential: 'basic' } }));
    const good = `Basic ${Buffer.from('shop:pa:ss w0rd').toString('base64')}`;
    const ok = await post(url, BODY, { authorization: good });
    expect(ok.status).toBe(202);
    const exec = await waitForExecution(hf, ok.body.executionId);
    expect(exec.trigger.headers.authorization).toBe('[redacted]');
    const bad = await post(url, BODY, { authorization: `Basic ${Buffer.from('shop:nope').toString('base64')}` });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'auth_invalid']);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await countExecutions(hf, 'basic')).toBe(1);
  });

  it('ip allow-list: loopback allowed; a list without it → 403, nothing stored', async () => {
    const { url: allowed } = await createWorkflow(
      hf,
      workflowDoc('ip-ok', { auth: { type: 'ip', allow: ['127.0.0.0/8', '::1'] } }),
    );
    expect((await post(allowed, BODY)).status).toBe(202);
    const { url: denied } = await createWorkflow(
      hf,
      workflowDoc('ip-no', { auth: { type: 'ip', allow: ['10.0.0.0/8', '2001:db8::/32'] } }),
    );
    const res = await post(denied, BODY);
    expect([res.status, res.body.error.code]).toEqual([403, 'ip_forbidden']);
    expect(await countExecutions(hf, 'ip-no')).toBe(0);
  });

  it('ip allow-list: X-Forwarded-For is honoured from a trusted proxy (this server trusts 127.0.0.1)', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('ip-xff', { auth: { type: 'ip', allow: ['203.0.113.0/24'] } }),
    );
    expect((await post(url, BODY, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(202);
    // The right-most untrusted hop is the client; a forged left-most entry does not help.
    const forged = await post(url, BODY, { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' });
    expect([forged.status, forged.body.error.code]).toEqual([403, 'ip_forbidden']);
    expect(await countExecutions(hf, 'ip-xff')).toBe(1);
  });

  it('shopify: base64 HMAC of the body', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('shopify', { auth: { type: 'hmac', preset: 'shopify', credential: 'gh' } }),
    );
    const sig = createHmac('sha256', 'gh-secret').update(BODY).digest('base64');
    expect((await post(url, BODY, { 'x-shopify-hmac-sha256': sig })).status).toBe(202);
    const res = await post(url, BODY, { 'x-shopify-hmac-sha256': sig.replace(/^./, sig[0] === 'A' ? 'B' : 'A') });
    expect([res.status, res.body.error.code]).toEqual([401, 'signature_invalid']);
    expect(await countExecutions(hf, 'shopify')).toBe(1);
  });
});

describe('trusted proxies', () => {
  it('ignores X-Forwarded-For when the peer is not a trusted proxy', async () => {
    const hf = await startHookflow({}, {});
    try {
      const { url } = await createWorkflow(
        hf,
        workflowDoc('ip-untrusted', { auth: { type: 'ip', allow: ['203.0.113.0/24'] } }),
      );
      const res = await post(url, BODY, { 'x-forwarded-for': '203.0.113.9' });
      expect([res.status, res.body.error.code]).toEqual([403, 'ip_forbidden']);
      expect(await countExecutions(hf, 'ip-untrusted')).toBe(0);
    } finally {
      await hf.close();
    }
  });
});

describe('header-token secrets are not stored', () => {
  it('redacts the configured auth header in the execution input and in captured samples', async () => {
    const secrets = memorySecrets({ gitlab: { type: 'apiKey', data: { key: 'glpat-very-secret-token' } } });
    const hf = await startHookflow({}, { secrets });
    try {
      const { url } = await createWorkflow(
        hf,
        workflowDoc('gitlab', { auth: { type: 'header', header: 'X-Gitlab-Token', credential: 'gitlab' } }),
      );
      const res = await post(url, BODY, { 'x-gitlab-token': 'glpat-very-secret-token' });
      expect(res.status).toBe(202);
      const exec = await waitForExecution(hf, res.body.executionId);
      expect(exec.trigger.headers['x-gitlab-token']).toBe('[redacted]');
      const sample = await post(`${url}/test`, BODY, { 'x-gitlab-token': 'glpat-very-secret-token' });
      expect(sample.status).toBe(200);
      const samples = await hf.api('/api/workflows/gitlab/samples');
      expect(samples.body.items[0].headers['x-gitlab-token']).toBe('[redacted]');
      expect(JSON.stringify([exec, samples.body])).not.toContain('glpat-very-secret-token');
    } finally {
      await hf.close();
    }
  });
});

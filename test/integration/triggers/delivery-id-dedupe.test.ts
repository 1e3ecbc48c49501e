// A sender that did not see our 202 (lost on the way, a timeout on its side) delivers again
// with the same delivery id. Every HMAC preset that names one dedupes on it by default, so
// the retry is answered as a duplicate and never makes a second execution; a trigger can opt
// out (`dedupe: {enabled: false}`), and a bad dedupe block is refused with a clear 400.
import { createHmac } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, memorySecrets, post, workflowDoc } from './trigger-helpers.ts';

const SECRET = 'shared-secret';
const SW_SECRET = `whsec_${Buffer.from('standard-webhooks-key').toString('base64')}`;
const hmac = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');
const nowSec = () => Math.floor(Date.now() / 1000);

type Case = {
  preset: 'github' | 'shopify' | 'stripe' | 'standard-webhooks' | 'slack';
  credential: string;
  /** The same delivery (`id`), possibly as the sender's retry (`retry`), body and headers. */
  delivery: (id: string, retry: number) => Promise<{ body: string; headers: Record<string, string> }>;
};

const CASES: Case[] = [
  {
    preset: 'github',
    credential: 'plain',
    delivery: async (id) => {
      const body = JSON.stringify({ action: 'opened' });
      return { body, headers: { 'x-github-delivery': id, 'x-hub-signature-256': await githubSign(SECRET, body) } };
    },
  },
  {
    preset: 'shopify',
    credential: 'plain',
    delivery: async (id) => {
      const body = JSON.stringify({ id: 4242 });
      return { body, headers: { 'x-shopify-webhook-id': id, 'x-shopify-hmac-sha256': hmac(body) } };
    },
  },
  {
    preset: 'stripe',
    credential: 'plain',
    // Stripe signs each attempt anew (new timestamp); the event id in the body stays.
    delivery: async (id, retry) => {
      const body = JSON.stringify({ id, type: 'charge.failed', attempt: retry });
      return {
        body,
        headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) },
      };
    },
  },
  {
    preset: 'standard-webhooks',
    credential: 'sw',
    delivery: async (id) => {
      const body = JSON.stringify({ type: 'invoice.paid' });
      const ts = nowSec();
      const signature = new Webhook(SW_SECRET).sign(id, new Date(ts * 1000), body);
      return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature } };
    },
  },
  {
    preset: 'slack',
    credential: 'plain',
    delivery: async (id, retry) => {
      const body = JSON.stringify({ type: 'event_callback', event_id: id, event: { type: 'message' } });
      const ts = nowSec();
      const sig = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
      const headers: Record<string, string> = {
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': `v0=${sig}`,
      };
      if (retry > 0)
        Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' });
      return { body, headers };
    },
  },
];

describe('dedupe on the preset delivery id by default', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow(
      {},
      {
        secrets: memorySecrets({
          plain: { type: 'hmac', data: { secret: SECRET } },
          sw: { type: 'hmac', data: { secret: SW_SECRET } },
        }),
      },
    );
  });
  afterAll(async () => {
    await hf.close();
  });

  for (const c of CASES) {
    it(`${c.preset}: a retried delivery is a duplicate, another delivery is not`, async () => {
      const wf = `dd-${c.preset}`;
      const { url } = await createWorkflow(
        hf,
        workflowDoc(wf, { auth: { type: 'hmac', preset: c.preset, credential: c.credential } }),
      );
      const first = await c.delivery('delivery-1', 0).then((d) => post(url, d.body, d.headers));
      expect(first.status, JSON.stringify(first.body)).toBe(202);
      // The sender's retries (after a lost 202), some concurrent.
      const retries = await Promise.all(
        [1, 2, 3].map((n) => c.delivery('delivery-1', n).then((d) => post(url, d.body, d.headers))),
      );
      for (const r of retries) {
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ executionId: first.body.executionId, status: 'duplicate' });
      }
      const other = await c.delivery('delivery-2', 0).then((d) => post(url, d.body, d.headers));
      expect(other.status).toBe(202);
      expect(await countExecutions(hf, wf)).toBe(2);
    });
  }

  it('opting out runs every delivery; an explicit key replaces the delivery id', async () => {
    const github = CASES[0];
    const { url: off } = await createWorkflow(
      hf,
      workflowDoc('dd-off', {
        auth: { type: 'hmac', preset: 'github', credential: 'plain' },
        dedupe: { enabled: false },
      }),
    );
    for (let i = 0; i < 2; i++) {
      const d = await github.delivery('same', i);
      expect((await post(off, d.body, d.headers)).status).toBe(202);
    }
    expect(await countExecutions(hf, 'dd-off')).toBe(2);

    const { url: keyed } = await createWorkflow(
      hf,
      workflowDoc('dd-keyed', {
        auth: { type: 'hmac', preset: 'github', credential: 'plain' },
        dedupe: { key: '=trigger.body.action' },
      }),
    );
    // Different delivery ids, same action: the explicit key decides.
    for (const id of ['a', 'b']) {
      const d = await github.delivery(id, 0);
      await post(keyed, d.body, d.headers);
    }
    expect(await countExecutions(hf, 'dd-keyed')).toBe(1);
  });

  it('refuses contradictory or empty dedupe blocks with a 400 and stores nothing', async () => {
    const bad = [
      { auth: { type: 'hmac', preset: 'github', credential: 'plain' }, dedupe: { enabled: false, header: 'x-id' } },
      { dedupe: { window: '1h' } },
    ];
    for (const [i, trigger] of bad.entries()) {
      const res = await hf.api('/api/workflows', { body: workflowDoc(`dd-bad-${i}`, trigger as never) });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBeTruthy();
      expect(JSON.stringify(res.body.error.details)).toContain('/trigger/dedupe');
      expect((await hf.api(`/api/workflows/dd-bad-${i}`)).status).toBe(404);
    }
  });
});

// Request shaping and failure mapping of the outbound nodes, with the network replaced by
// a function answering like the provider (integration tests use real local servers).
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { CredentialValue } from '../../../server/nodes/define-node.ts';
import { emailSendNode } from '../../../server/nodes/email/email-send.ts';
import { httpRequestNode, statusMatches } from '../../../server/nodes/http-request/http-request.ts';
import { hubspotCreateDealNode } from '../../../server/nodes/hubspot/create-deal.ts';
import { hubspotUpsertContactNode } from '../../../server/nodes/hubspot/upsert-contact.ts';
import { pipedriveCreateDealNode } from '../../../server/nodes/pipedrive/create-deal.ts';
import { pipedriveCreatePersonNode } from '../../../server/nodes/pipedrive/create-person.ts';
import { salesforceCreateRecordNode } from '../../../server/nodes/salesforce/create-record.ts';
import { salesforceUpsertRecordNode } from '../../../server/nodes/salesforce/upsert-record.ts';
import { slackPostMessageNode } from '../../../server/nodes/slack/post-message.ts';
import { NonRetryableError, RetryAfterError } from '../../../server/nodes/step-errors.ts';
import { webhookSendNode } from '../../../server/nodes/webhook/webhook-send.ts';
import { nodeContext } from './node-context.ts';

type Seen = { url: string; method: string; headers: Headers; body: string };

function remote(answer: (req: Seen) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const fetch = async (url: string | URL, init: RequestInit) => {
    const req = {
      url: String(url),
      method: String(init.method),
      headers: new Headers(init.headers),
      body: String(init.body ?? ''),
    };
    seen.push(req);
    const a = answer(req);
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {});
    const type = typeof a.body === 'string' ? 'text/plain' : 'application/json';
    return new Response(a.status === 204 ? null : text, {
      status: a.status,
      headers: { 'content-type': type, ...a.headers },
    });
  };
  return { seen, fetch };
}

const ctxWith = (cred: CredentialValue | null, fetch: ReturnType<typeof remote>['fetch']) =>
  nodeContext({ credentialName: cred ? 'c' : undefined }, { fetch, credential: async () => cred! });
const cred = (type: string, data: Record<string, unknown>): CredentialValue => ({ type, data, secrets: [] });

describe('http.request', () => {
  it('matches statuses against codes and ranges, the same on every call', () => {
    for (let i = 0; i < 2; i++) {
      expect(statusMatches(204, '200-299')).toBe(true);
      expect(statusMatches(304, '200-299, 304')).toBe(true);
      expect(statusMatches(300, '200-299, 304')).toBe(false);
      expect(statusMatches(302, '302')).toBe(true);
      expect(statusMatches(301, '302')).toBe(false);
      expect(statusMatches(404, ' 400 - 404 ,500')).toBe(true);
    }
  });

  it('sends JSON with the idempotency key; a 4xx fails for good, a 503 with Retry-After asks to wait', async () => {
    const r = remote((req) =>
      req.url.endsWith('/gone')
        ? { status: 404 }
        : req.url.endsWith('/busy')
          ? { status: 503, headers: { 'retry-after': '3' } }
          : { status: 200, body: { ok: 1 } },
    );
    const out = await httpRequestNode.execute(
      { method: 'POST', url: 'https://api.example.com/x', query: { a: 1 }, body: { n: 1 } },
      ctxWith(null, r.fetch),
    );
    expect(out.output).toMatchObject({ status: 200, body: { ok: 1 } });
    expect(r.seen[0].url).toBe('https://api.example.com/x?a=1');
    expect(r.seen[0].headers.get('idempotency-key')).toBe('EXEC1:s');
    expect(r.seen[0].body).toBe('{"n":1}');
    await expect(
      httpRequestNode.execute({ url: 'https://api.example.com/gone' }, ctxWith(null, r.fetch)),
    ).rejects.toBeInstanceOf(NonRetryableError);
    await expect(
      httpRequestNode.execute({ url: 'https://api.example.com/busy' }, ctxWith(null, r.fetch)),
    ).rejects.toMatchObject({ retryAfterMs: 3000 });
    await expect(httpRequestNode.execute({ url: 'file:///etc/passwd' }, ctxWith(null, r.fetch))).rejects.toThrow(
      /only http and https/,
    );
  });
});

describe('webhook.send', () => {
  const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
  it('signs verifiably; 2xx delivered, 3xx and 5xx retryable, 410 final', async () => {
    let status = 200;
    const r = remote(() => ({ status }));
    const ctx = ctxWith(cred('hmac', { secret }), r.fetch);
    expect(
      (await webhookSendNode.execute({ url: 'https://h.example/in', payload: { a: 1 } }, ctx)).output,
    ).toMatchObject({ delivered: true, webhookId: 'EXEC1:s' });
    const h = r.seen[0].headers;
    expect(
      new Webhook(secret).verify(r.seen[0].body, {
        'webhook-id': h.get('webhook-id')!,
        'webhook-timestamp': h.get('webhook-timestamp')!,
        'webhook-signature': h.get('webhook-signature')!,
      }),
    ).toEqual({ a: 1 });
    for (const s of [302, 500]) {
      status = s;
      const err = await webhookSendNode.execute({ url: 'https://h.example/in', payload: {} }, ctx).catch((e) => e);
      expect(err).not.toBeInstanceOf(NonRetryableError);
    }
    status = 410;
    await expect(webhookSendNode.execute({ url: 'https://h.example/in', payload: {} }, ctx)).rejects.toMatchObject({
      code: 'http_410',
      name: 'NonRetryableError',
    });
    await expect(
      webhookSendNode.execute(
        { url: 'https://h.example/in', payload: {} },
        ctxWith(cred('bearer', { token: 'x' }), r.fetch),
      ),
    ).rejects.toThrow(/needs an hmac credential/);
  });
});

describe('CRM nodes', () => {
  it('HubSpot: upsert by e-mail and a deal with associations, Bearer token, base URL override', async () => {
    const r = remote((req) => ({
      status: req.url.endsWith('/upsert') ? 200 : 201,
      body: req.url.endsWith('/upsert') ? { results: [{ id: '9' }] } : { id: '10' },
    }));
    const ctx = ctxWith(cred('hubspot', { accessToken: 'pat-1', baseUrl: 'https://hs.test/' }), r.fetch);
    expect((await hubspotUpsertContactNode.execute({ email: 'a@b.example' }, ctx)).output).toEqual({ id: '9' });
    expect((await hubspotCreateDealNode.execute({ dealname: 'D', companyId: 5 }, ctx)).output).toEqual({ id: '10' });
    expect(r.seen.map((s) => s.url)).toEqual([
      'https://hs.test/crm/v3/objects/contacts/batch/upsert',
      'https://hs.test/crm/v3/objects/deals',
    ]);
    expect(r.seen[0].headers.get('authorization')).toBe('Bearer pat-1');
    expect(JSON.parse(r.seen[1].body).associations[0].types[0].associationTypeId).toBe(341);
  });
  it('HubSpot: 429 is retryable, a 400 is not and carries the category', async () => {
    const ctx = (status: number) =>
      ctxWith(
        cred('hubspot', { accessToken: 'p' }),
        remote(() => ({ status, body: { status: 'error', message: 'm', category: 'VALIDATION_ERROR' } })).fetch,
      );
    expect(
      await hubspotUpsertContactNode.execute({ email: 'a@b.example' }, ctx(429)).catch((e) => e),
    ).not.toBeInstanceOf(NonRetryableError);
    await expect(hubspotUpsertContactNode.execute({ email: 'a@b.example' }, ctx(400))).rejects.toMatchObject({
      code: 'validation_error',
    });
  });
  it('Salesforce: token from the login URL, then create and upsert on the instance URL', async () => {
    const r = remote((req) =>
      req.url.endsWith('/services/oauth2/token')
        ? { status: 200, body: { access_token: 'AT', instance_url: 'https://na1.sf.test' } }
        : { status: req.method === 'PATCH' ? 200 : 201, body: { id: '1', success: true, errors: [] } },
    );
    const ctx = ctxWith(
      cred('salesforce', {
        loginUrl: 'https://login.sf.test',
        clientId: 'id',
        clientSecret: 'sec',
        apiVersion: '62.0',
      }),
      r.fetch,
    );
    await salesforceCreateRecordNode.execute({ object: 'Lead', fields: { LastName: 'L' } }, ctx);
    const up = await salesforceUpsertRecordNode.execute(
      { object: 'Contact', externalIdField: 'Ext__c', externalId: 'a/b', fields: {} },
      ctx,
    );
    expect(up.output).toMatchObject({ created: false });
    expect(r.seen.map((s) => `${s.method} ${s.url}`).slice(-2)).toEqual([
      'POST https://na1.sf.test/services/data/v62.0/sobjects/Lead/',
      'PATCH https://na1.sf.test/services/data/v62.0/sobjects/Contact/Ext__c/a%2Fb',
    ]);
    expect(r.seen.at(-1)!.headers.get('authorization')).toBe('Bearer AT');
  });
  it('Salesforce: REQUEST_LIMIT_EXCEEDED is a rate limit (retryable)', async () => {
    const r = remote((req) =>
      req.url.endsWith('/token')
        ? { status: 200, body: { access_token: 'AT2', instance_url: 'https://na2.sf.test' } }
        : { status: 403, body: [{ message: 'limit', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] },
    );
    const ctx = ctxWith(
      cred('salesforce', { loginUrl: 'https://login2.sf.test', clientId: 'i', clientSecret: 's', apiVersion: '62.0' }),
      r.fetch,
    );
    const err = await salesforceCreateRecordNode.execute({ object: 'Lead', fields: {} }, ctx).catch((e) => e);
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err.code).toBe('request_limit_exceeded');
  });
  it('Pipedrive: persons and deals with the x-api-token header, nulls left out', async () => {
    const r = remote(() => ({ status: 201, body: { success: true, data: { id: 3 } } }));
    const ctx = ctxWith(cred('pipedrive', { apiToken: 'tok', baseUrl: 'https://acme.pipedrive.test' }), r.fetch);
    expect((await pipedriveCreatePersonNode.execute({ name: 'N', phone: '123' }, ctx)).output).toEqual({ id: 3 });
    await pipedriveCreateDealNode.execute({ title: 'T', personId: 3 }, ctx);
    expect(r.seen[0].url).toBe('https://acme.pipedrive.test/api/v1/persons');
    expect(r.seen[0].headers.get('x-api-token')).toBe('tok');
    expect(JSON.parse(r.seen[0].body)).toEqual({ name: 'N', phone: [{ value: '123', primary: true, label: 'work' }] });
    expect(JSON.parse(r.seen[1].body)).toEqual({ title: 'T', person_id: 3 });
  });
});

describe('slack.postMessage', () => {
  it('ok:false is a failure with Slack’s code; ratelimited is retryable; webhooks get the message', async () => {
    let body: unknown = { ok: true, channel: 'C', ts: '1.2' };
    const r = remote(() => ({ status: 200, body }));
    const bot = ctxWith(cred('slack', { botToken: 'xoxb-1' }), r.fetch);
    expect((await slackPostMessageNode.execute({ channel: 'C', text: 'hi' }, bot)).output).toEqual({
      ok: true,
      channel: 'C',
      ts: '1.2',
    });
    expect(r.seen[0].url).toBe('https://slack.com/api/chat.postMessage');
    body = { ok: false, error: 'not_in_channel' };
    await expect(slackPostMessageNode.execute({ channel: 'C', text: 'hi' }, bot)).rejects.toMatchObject({
      code: 'not_in_channel',
      name: 'NonRetryableError',
    });
    body = { ok: false, error: 'ratelimited' };
    expect(await slackPostMessageNode.execute({ channel: 'C', text: 'hi' }, bot).catch((e) => e)).not.toBeInstanceOf(
      NonRetryableError,
    );
    await expect(slackPostMessageNode.execute({ text: 'hi' }, bot)).rejects.toThrow(/channel is required/);
    body = 'ok';
    const hook = ctxWith(cred('slackWebhook', { url: 'https://hooks.slack.test/services/T/B/X' }), r.fetch);
    expect((await slackPostMessageNode.execute({ text: 'hi' }, hook)).output).toEqual({ ok: true, response: 'ok' });
    expect(r.seen.at(-1)!.url).toBe('https://hooks.slack.test/services/T/B/X');
  });
  it('429 with Retry-After from chat.postMessage waits that long', async () => {
    const r = remote(() => ({
      status: 429,
      headers: { 'retry-after': '4' },
      body: { ok: false, error: 'ratelimited' },
    }));
    const err = await slackPostMessageNode
      .execute({ channel: 'C', text: 'x' }, ctxWith(cred('slack', { botToken: 'b' }), r.fetch))
      .catch((e) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect(err.retryAfterMs).toBe(4000);
  });
});

describe('email.send', () => {
  it('needs an smtp credential and a guarded host', async () => {
    await expect(
      emailSendNode.execute({ from: 'a@x.example', to: 'b@x.example', subject: 's', text: 't' }, nodeContext()),
    ).rejects.toThrow(/needs an smtp credential/);
    const blocked = nodeContext(
      { credentialName: 'm' },
      {
        credential: async () =>
          cred('smtp', { host: '10.0.0.5', port: 25, security: 'none', rejectUnauthorized: true }),
        resolveHost: async () => {
          throw new NonRetryableError('refused', 'ssrf_blocked');
        },
      },
    );
    await expect(
      emailSendNode.execute({ from: 'a@x.example', to: 'b@x.example', subject: 's', text: 't' }, blocked),
    ).rejects.toMatchObject({ code: 'ssrf_blocked' });
  });
});

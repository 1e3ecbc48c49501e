import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const SID = `AC${'a1'.repeat(16)}`;
const AUTH = 'twilio-auth-token-0123456789abcdef';
const basic = `Basic ${Buffer.from(`${SID}:${AUTH}`).toString('base64')}`;
const err = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

// POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded, HTTP Basic.
function twilio(r: Recorded) {
  if (r.headers.authorization !== basic) return err(401, 20003, 'Authenticate');
  if (r.method !== 'POST' || r.path !== `/2010-04-01/Accounts/${SID}/Messages.json`)
    return err(404, 20404, 'The requested resource was not found');
  if (!r.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
    return err(400, 21620, 'Invalid media');
  const f = r.body as Record<string, string[]>;
  if (!/^\+\d+$/.test(f.To?.[0] ?? '') || f.To[0] === '+15005550001')
    return err(400, 21211, `The 'To' number ${f.To?.[0]} is not a valid phone number.`);
  return {
    status: 201,
    body: {
      sid: `SM${'b2'.repeat(16)}`,
      status: 'queued',
      to: f.To[0],
      from: f.From?.[0] ?? null,
      body: f.Body[0],
      num_segments: '1',
      account_sid: SID,
    },
  };
}

describe('twilio.sendSms against a stand-in of the Twilio REST API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(twilio);
    await putCredential(hf, 'twilio', 'twilio', { accountSid: SID, authToken: AUTH, baseUrl: api.url });
    await putCredential(hf, 'twilio-bad', 'twilio', {
      accountSid: SID,
      authToken: 'wrong-token-value',
      baseUrl: api.url,
    });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const send = { type: 'twilio.sendSms', credential: 'twilio' };

  it('sends a form-encoded SMS with Basic auth, media URLs repeated', async () => {
    api.reset();
    const exec = await runStep(
      hf,
      {
        ...send,
        params: {
          to: '+14155550100',
          from: '+15005550006',
          body: '="Order " & trigger.body.id & " shipped"',
          mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
        },
      },
      { id: 7 },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toMatchObject({ sid: `SM${'b2'.repeat(16)}`, status: 'queued', to: '+14155550100' });
    expect(api.requests[0].body).toEqual({
      To: ['+14155550100'],
      Body: ['Order 7 shipped'],
      From: ['+15005550006'],
      MediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'],
    });
  });

  it('a wrong auth token fails at once with Twilio’s 20003', async () => {
    api.reset();
    const exec = await expectAuthFailure(
      hf,
      api,
      { ...send, credential: 'twilio-bad', params: { to: '+14155550100', from: '+15005550006', body: 'x' } },
      'Authenticate',
    );
    expect(step(exec, 's').error.code).toBe('twilio_20003');
  });

  it('an invalid number fails at once with Twilio’s message', async () => {
    const exec = await runStep(hf, { ...send, params: { to: '+15005550001', from: '+15005550006', body: 'x' } });
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'twilio_21211' } });
  });

  it('a 429 (20429) honours Retry-After, a 503 is retried', async () => {
    await expectRetries(
      hf,
      api,
      { ...send, params: { to: '+14155550100', from: '+15005550006', body: 'x' } },
      { ...err(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '2' } },
      err(503, 20503, 'Service unavailable'),
    );
  });
});

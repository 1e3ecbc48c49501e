import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const SIG = 'sig0123456789abcdefSharedAccessSignature';
const flowError = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

// A Workflows (Logic Apps) trigger URL answers 202 with no body; a legacy connector 200 "1".
function teams(r: Recorded) {
  const legacy = r.path === '/webhookb2/legacy';
  if (r.query.get('sig') !== SIG)
    return flowError(
      401,
      'DirectApiAuthorizationRequired',
      'The request must be authenticated only by Shared Access scheme.',
    );
  const a = r.body?.attachments?.[0];
  if (r.body?.type !== 'message' || a?.contentType !== 'application/vnd.microsoft.card.adaptive')
    return flowError(400, 'InvalidRequestContent', 'The request content is not valid.');
  return legacy ? { status: 200, body: '1' } : { status: 202 };
}

describe('teams.postMessage against a stand-in of a Teams Workflows webhook', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(teams);
    await putCredential(hf, 'teams', 'teamsWebhook', {
      url: `${api.url}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${SIG}`,
    });
    await putCredential(hf, 'teams-legacy', 'teamsWebhook', { url: `${api.url}/webhookb2/legacy?sig=${SIG}` });
    await putCredential(hf, 'teams-bad', 'teamsWebhook', {
      url: `${api.url}/workflows/abc/triggers/manual/paths/invoke?sig=rotated`,
    });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const post = {
    type: 'teams.postMessage',
    credential: 'teams',
    params: {
      title: 'New order',
      text: 'Order **A-1**',
      facts: { Total: '120 EUR' },
      linkUrl: 'https://shop.example/orders/1',
    },
  };

  it('posts an Adaptive Card message (title, text, facts, link)', async () => {
    api.reset();
    const exec = await runStep(hf, post);
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({ status: 202 });
    expect(api.requests[0].body).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'New order', weight: 'Bolder', size: 'Medium', wrap: true },
              { type: 'TextBlock', text: 'Order **A-1**', wrap: true },
              { type: 'FactSet', facts: [{ title: 'Total', value: '120 EUR' }] },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://shop.example/orders/1' }],
          },
        },
      ],
    });
    expect(JSON.stringify(exec)).not.toContain(SIG);
  });

  it('a rotated signature fails at once (401 DirectApiAuthorizationRequired)', async () => {
    const exec = await expectAuthFailure(hf, api, { ...post, credential: 'teams-bad' }, 'Shared Access scheme');
    expect(step(exec, 's').error.code).toBe('directapiauthorizationrequired');
  });

  it('a 429 honours Retry-After, a 502 is retried', async () => {
    await expectRetries(
      hf,
      api,
      post,
      { ...flowError(429, 'WorkflowRequestsThrottled', 'Rate limit is exceeded.'), headers: { 'retry-after': '2' } },
      flowError(502, 'BadGateway', 'Bad gateway'),
    );
  });

  it('a legacy connector relaying Teams’ 429 inside a 200 is retried; its "1" is success; another error text fails', async () => {
    api.reset();
    api.inject({
      status: 200,
      body: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef.0.',
    });
    const legacy = { ...post, credential: 'teams-legacy', params: { text: 'hello' } };
    const exec = await runStep(hf, legacy);
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's')).toMatchObject({ attempt: 2, output: { status: 200 } });
    api.inject({ status: 200, body: 'Summary or Text is required.' });
    const bad = await runStep(hf, legacy);
    expect(bad.status).toBe('failed');
    expect(step(bad, 's').attempt).toBe(1);
  });
});

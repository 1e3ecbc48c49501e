// Issue 11.1, the class: every node's params are checked against its schema after their
// expressions are evaluated. A mismatch fails the step at once (param_invalid, no retries)
// with the JSON pointer of the offending value, before the node does anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';
import { type StandIn, startStandIn, TOKENS } from '../nodes/saas-stand-in.ts';

describe('evaluated params are validated against the node schema', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    api = await startStandIn();
    hf = await startHookflow();
    await putCredential(hf, 'hubspot', 'hubspot', { accessToken: TOKENS.hubspot, baseUrl: api.url });
    await putCredential(hf, 'pipedrive', 'pipedrive', { apiToken: TOKENS.pipedrive, baseUrl: api.url });
    await putCredential(hf, 'slack', 'slack', { botToken: TOKENS.slack, baseUrl: `${api.url}/api` });
    await putCredential(hf, 'salesforce', 'salesforce', {
      loginUrl: api.url,
      clientId: 'ck',
      clientSecret: TOKENS.salesforceSecret,
    });
    await putCredential(hf, 'hmac', 'hmac', {
      secret: `whsec_${Buffer.from('evaluated-params-hmac-secret-0001').toString('base64')}`,
    });
  });
  afterAll(async () => {
    await hf.close();
    await api.close();
  });

  const body = { n: 42, s: 'text', obj: { path: '/etc/passwd' }, list: [1, 2] };
  let n = 0;

  it.each([
    ['http.request', undefined, { url: '=trigger.body.n' }, '/params/url'],
    [
      'http.request',
      undefined,
      { url: `=$string("http://127.0.0.1:1/x")`, headers: '={"x-a": 1}' },
      '/params/headers/x-a',
    ],
    ['http.request', undefined, { url: 'http://127.0.0.1:1/x', method: '="TRACE"' }, '/params/method'],
    ['webhook.send', 'hmac', { url: '=trigger.body.obj', payload: {} }, '/params/url'],
    ['hubspot.upsertContact', 'hubspot', { email: '=trigger.body.n' }, '/params/email'],
    ['hubspot.upsertContact', 'hubspot', { email: '="not-an-email"' }, '/params/email'],
    ['hubspot.createDeal', 'hubspot', { dealname: 'd', properties: '=trigger.body.list' }, '/params/properties'],
    ['pipedrive.createPerson', 'pipedrive', { name: '=trigger.body.obj' }, '/params/name'],
    ['pipedrive.createDeal', 'pipedrive', { title: 't', personId: '=trigger.body.s' }, '/params/personId'],
    ['salesforce.createRecord', 'salesforce', { object: 'Lead', fields: '=trigger.body.s' }, '/params/fields'],
    [
      'salesforce.upsertRecord',
      'salesforce',
      { object: 'Contact', externalIdField: 'Ext__c', externalId: '=trigger.body.obj', fields: {} },
      '/params/externalId',
    ],
    ['slack.postMessage', 'slack', { channel: 'C0123', text: '=trigger.body.obj' }, '/params/text'],
    ['slack.postMessage', 'slack', { channel: 'C0123', text: 'x', blocks: '=trigger.body.obj' }, '/params/blocks'],
    ['respond', undefined, { status: '=trigger.body.s' }, '/params/status'],
    ['respond', undefined, { headers: '={"x-a": trigger.body.obj}' }, '/params/headers/x-a'],
    ['delay', undefined, { duration: '=trigger.body.n' }, '/params/duration'],
    ['fail', undefined, { message: '=trigger.body.list' }, '/params/message'],
    ['workflow.call', undefined, { workflowId: '="../etc"' }, '/params/workflowId'],
    ['merge', undefined, { mode: '="sideways"' }, '/params/mode'],
    ['switch', undefined, { cases: [{ name: 'a', condition: true }], mode: '=trigger.body.n' }, '/params/mode'],
    ['forEach', undefined, { items: '=trigger.body.s' }, '/params/items'],
    [
      'forEach',
      undefined,
      { items: '=trigger.body.list', concurrency: '=trigger.body.n * 1000' },
      '/params/concurrency',
    ],
  ])('%s (%s) with %j fails param_invalid at %s', async (type, credential, params, pointer) => {
    const before = api.requests.length;
    const exec = await runWorkflow(
      hf,
      {
        id: `evaluated-${++n}`,
        steps: [{ id: 's', type, ...(credential ? { credential } : {}), params }],
        edges: [{ from: 'trigger', to: 's' }],
      },
      body,
    );
    const s = step(exec, 's');
    expect(exec.status).toBe('failed');
    expect(s.status).toBe('failed');
    expect(s.error.code).toBe('param_invalid');
    expect(s.error.message).toContain(`${pointer} `);
    expect(s.error.message).toContain(type);
    // Non-retryable even for nodes that retry by default (the SaaS nodes, webhook.send).
    expect(s.attempt).toBe(1);
    expect(exec.error.code).toBe('param_invalid');
    // The node never ran: nothing reached the remote.
    expect(api.requests.length).toBe(before);
  });

  it('conditions are judged by truthiness: any value, or nothing, is valid', async () => {
    const exec = await runWorkflow(
      hf,
      {
        id: 'evaluated-conditions',
        steps: [
          { id: 'missing', type: 'if', params: { condition: '=trigger.body.absent' } },
          { id: 'list', type: 'if', params: { condition: '=trigger.body.list' } },
          {
            id: 'route',
            type: 'switch',
            params: {
              cases: [
                { name: 'none', condition: '=trigger.body.absent' },
                { name: 'obj', condition: '=trigger.body.obj' },
              ],
            },
          },
          { id: 'shape', type: 'transform', params: { expression: 'trigger.body.absent' } },
        ],
        edges: [
          { from: 'trigger', to: 'missing' },
          { from: 'trigger', to: 'list' },
          { from: 'trigger', to: 'route' },
          { from: 'trigger', to: 'shape' },
        ],
      },
      body,
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'missing').branches).toEqual(['false']);
    expect(step(exec, 'list').branches).toEqual(['true']);
    expect(step(exec, 'route').branches).toEqual(['obj']);
    expect(step(exec, 'shape').output).toBeNull();
  });
});

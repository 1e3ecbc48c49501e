import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';
import { type StandIn, startStandIn, TOKENS } from './saas-stand-in.ts';

describe('CRM and Slack nodes against local stand-ins of the providers', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn();
    await putCredential(hf, 'hubspot', 'hubspot', { accessToken: TOKENS.hubspot, baseUrl: api.url });
    await putCredential(hf, 'salesforce', 'salesforce', {
      loginUrl: api.url,
      clientId: '3MVG9consumerkey',
      clientSecret: TOKENS.salesforceSecret,
    });
    await putCredential(hf, 'pipedrive', 'pipedrive', { apiToken: TOKENS.pipedrive, baseUrl: api.url });
    await putCredential(hf, 'slack', 'slack', { botToken: TOKENS.slack, baseUrl: `${api.url}/api` });
    await putCredential(hf, 'slack-hook', 'slackWebhook', { url: `${api.url}/services/T000/B000/XXXX` });
  });
  afterAll(async () => {
    await hf.close();
    await api.close();
  });
  const one = (id: string, s: Record<string, unknown>) => ({
    id,
    steps: [{ id: 's', ...s }],
    edges: [{ from: 'trigger', to: 's' }],
  });

  it('HubSpot: upserts a contact by e-mail (after a 429), then creates a deal associated with it', async () => {
    api.requests.length = 0;
    api.script = (_r, n) =>
      n === 0
        ? {
            status: 429,
            body: {
              status: 'error',
              message: 'You have reached your secondly limit.',
              errorType: 'RATE_LIMIT',
              category: 'RATE_LIMITS',
            },
          }
        : null;
    const exec = await runWorkflow(
      hf,
      {
        id: 'hubspot',
        steps: [
          {
            id: 'contact',
            type: 'hubspot.upsertContact',
            credential: 'hubspot',
            params: { email: '=trigger.body.email', properties: { firstname: 'Ada' } },
          },
          {
            id: 'deal',
            type: 'hubspot.createDeal',
            credential: 'hubspot',
            params: {
              dealname: '="Order " & trigger.body.id',
              amount: 120,
              dealstage: 'closedwon',
              contactId: '=steps.contact.id',
            },
          },
        ],
        edges: [
          { from: 'trigger', to: 'contact' },
          { from: 'contact', to: 'deal' },
        ],
      },
      { email: 'ada@example.com', id: 'A-1' },
    );
    api.script = () => null;
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'contact').attempt).toBe(2);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/deals',
    ]);
    expect(api.requests[1].headers.authorization).toBe(`Bearer ${TOKENS.hubspot}`);
    expect(api.requests[1].body).toEqual({
      inputs: [
        { idProperty: 'email', id: 'ada@example.com', properties: { firstname: 'Ada', email: 'ada@example.com' } },
      ],
    });
    expect(api.requests[2].body).toEqual({
      properties: { dealname: 'Order A-1', amount: 120, pipeline: undefined, dealstage: 'closedwon' },
      associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(exec.result).toMatchObject({ id: '201' });
  });

  it('HubSpot: a validation error fails at once with HubSpot’s message and category', async () => {
    // An empty deal name would now be refused before the call (param_invalid); HubSpot
    // refuses values only it knows to be invalid, such as an unknown deal stage.
    api.script = (r) =>
      r.path === '/crm/v3/objects/deals'
        ? {
            status: 400,
            body: { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR' },
          }
        : null;
    const exec = await runWorkflow(
      hf,
      one('hubspot-bad', {
        type: 'hubspot.createDeal',
        credential: 'hubspot',
        params: { dealname: '="Order " & "1"', dealstage: 'no-such-stage' },
      }),
    );
    api.script = () => null;
    expect(exec.status).toBe('failed');
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'validation_error' } });
    expect(step(exec, 's').error.message).toContain('Property values were not valid');
  });

  it('Salesforce: client-credentials token, create a Lead, upsert a Contact by external id (created, then updated), refresh on INVALID_SESSION_ID', async () => {
    api.requests.length = 0;
    const exec = await runWorkflow(hf, {
      id: 'salesforce',
      steps: [
        {
          id: 'lead',
          type: 'salesforce.createRecord',
          credential: 'salesforce',
          params: { object: 'Lead', fields: { LastName: 'Lovelace', Company: 'Acme' } },
        },
        {
          id: 'c1',
          type: 'salesforce.upsertRecord',
          credential: 'salesforce',
          params: {
            object: 'Contact',
            externalIdField: 'Shop_Id__c',
            externalId: 42,
            fields: { LastName: 'Lovelace' },
          },
        },
        {
          id: 'c2',
          type: 'salesforce.upsertRecord',
          credential: 'salesforce',
          params: { object: 'Contact', externalIdField: 'Shop_Id__c', externalId: 42, fields: { LastName: 'King' } },
        },
      ],
      edges: [
        { from: 'trigger', to: 'lead' },
        { from: 'lead', to: 'c1' },
        { from: 'c1', to: 'c2' },
      ],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'lead').output).toEqual({ id: '00Q5e000001abcDEAQ', success: true, errors: [] });
    expect(step(exec, 'c1').output).toMatchObject({ created: true });
    expect(step(exec, 'c2').output).toMatchObject({ created: false });
    const token = api.requests[0];
    expect(token.path).toBe('/services/oauth2/token');
    expect(new URLSearchParams(token.raw).get('client_id')).toBe('3MVG9consumerkey');
    expect(api.requests[1]).toMatchObject({
      method: 'POST',
      path: '/services/data/v62.0/sobjects/Lead/',
      body: { LastName: 'Lovelace', Company: 'Acme' },
    });
    expect(api.requests[2]).toMatchObject({
      method: 'PATCH',
      path: '/services/data/v62.0/sobjects/Contact/Shop_Id__c/42',
    });

    api.expireSalesforceSession();
    const issued = api.salesforceTokensIssued;
    const again = await runWorkflow(
      hf,
      one('salesforce-2', {
        type: 'salesforce.createRecord',
        credential: 'salesforce',
        params: { object: 'Lead', fields: { LastName: 'X' } },
      }),
    );
    expect(again.status).toBe('succeeded');
    expect(api.salesforceTokensIssued).toBe(issued + 1);
  });

  it('Salesforce: REQUIRED_FIELD_MISSING fails without retries, with the fields named', async () => {
    const exec = await runWorkflow(
      hf,
      one('salesforce-bad', {
        type: 'salesforce.createRecord',
        credential: 'salesforce',
        params: { object: 'Lead', fields: { Company: 'Acme' } },
      }),
    );
    expect(exec.status).toBe('failed');
    expect(step(exec, 's').attempt).toBe(1);
    expect(step(exec, 's').error).toMatchObject({ code: 'required_field_missing' });
    expect(step(exec, 's').error.message).toContain('Required fields are missing: [LastName]');
  });

  it('Pipedrive: creates a person (after a 429 with x-ratelimit-reset) and a deal for them; token in the x-api-token header', async () => {
    api.requests.length = 0;
    api.script = (_r, n) =>
      n === 0
        ? {
            status: 429,
            headers: { 'x-ratelimit-reset': '1' },
            body: { success: false, error: 'Rate limit exceeded', errorCode: 429 },
          }
        : null;
    const exec = await runWorkflow(hf, {
      id: 'pipedrive',
      steps: [
        {
          id: 'person',
          type: 'pipedrive.createPerson',
          credential: 'pipedrive',
          params: { name: 'Ada Lovelace', email: 'ada@example.com' },
        },
        {
          id: 'deal',
          type: 'pipedrive.createDeal',
          credential: 'pipedrive',
          params: { title: 'Order A-1', value: 120, currency: 'EUR', personId: '=steps.person.id' },
        },
      ],
      edges: [
        { from: 'trigger', to: 'person' },
        { from: 'person', to: 'deal' },
      ],
    });
    api.script = () => null;
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'person').attempt).toBe(2);
    expect(api.requests[1]).toMatchObject({
      path: '/api/v1/persons',
      body: { name: 'Ada Lovelace', email: [{ value: 'ada@example.com', primary: true, label: 'work' }] },
    });
    expect(api.requests[1].headers['x-api-token']).toBe(TOKENS.pipedrive);
    expect(api.requests.every((r) => !r.raw.includes(TOKENS.pipedrive))).toBe(true);
    expect(api.requests[2].body).toEqual({ title: 'Order A-1', value: 120, currency: 'EUR', person_id: 1 });
    expect(exec.result).toMatchObject({ id: 7, title: 'Order A-1' });
  });

  it('Slack: chat.postMessage with the bot token; ok:false is a failure with Slack’s error code; incoming webhooks too', async () => {
    api.requests.length = 0;
    const ok = await runWorkflow(
      hf,
      one('slack-ok', {
        type: 'slack.postMessage',
        credential: 'slack',
        params: { channel: 'C0123', text: 'Deploy failed' },
      }),
    );
    expect(ok.status).toBe('succeeded');
    expect(ok.result).toEqual({ ok: true, channel: 'C0123', ts: '1700000000.000100' });
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKENS.slack}`);
    expect(api.requests[0].headers['content-type']).toBe('application/json; charset=utf-8');
    expect(api.requests[0].body).toMatchObject({ channel: 'C0123', text: 'Deploy failed' });

    const bad = await runWorkflow(
      hf,
      one('slack-bad', { type: 'slack.postMessage', credential: 'slack', params: { channel: 'nope', text: 'x' } }),
    );
    expect(bad.status).toBe('failed');
    expect(step(bad, 's')).toMatchObject({ attempt: 1, error: { code: 'channel_not_found' } });

    const hook = await runWorkflow(
      hf,
      one('slack-hook', { type: 'slack.postMessage', credential: 'slack-hook', params: { text: 'via webhook' } }),
    );
    expect(hook.status).toBe('succeeded');
    expect(api.requests.at(-1)).toMatchObject({ path: '/services/T000/B000/XXXX', body: { text: 'via webhook' } });
  });
});

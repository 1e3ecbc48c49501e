import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const EMAIL = 'ops@acme.example';
const TOKEN = 'ATATT3xFfGF0-jira-api-token-0123456789';

// POST /rest/api/3/issue, Basic email:token, description in ADF.
function jira(r: Recorded) {
  if (r.headers.authorization !== `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`)
    return { status: 401, body: 'Client must be authenticated to access this resource.' };
  if (r.method !== 'POST' || r.path !== '/rest/api/3/issue')
    return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  const f = r.body?.fields ?? {};
  if (f.project?.key !== 'OPS')
    return { status: 400, body: { errorMessages: [], errors: { project: 'valid project is required' } } };
  if (f.description && f.description.type !== 'doc')
    return {
      status: 400,
      body: {
        errorMessages: [],
        errors: { description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' },
      },
    };
  return { status: 201, body: { id: '10042', key: 'OPS-42', self: `${'http://site'}/rest/api/3/issue/10042` } };
}

describe('jira.createIssue against a stand-in of Jira Cloud REST v3', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(jira);
    await putCredential(hf, 'jira', 'jiraCloud', { siteUrl: api.url, email: EMAIL, apiToken: TOKEN });
    await putCredential(hf, 'jira-bad', 'jiraCloud', { siteUrl: api.url, email: EMAIL, apiToken: 'expired-token' });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const create = {
    type: 'jira.createIssue',
    credential: 'jira',
    params: { projectKey: 'OPS', issueType: 'Bug', summary: 'Payment failed' },
  };

  it('creates an issue with the description as ADF paragraphs and hard breaks', async () => {
    api.reset();
    const exec = await runStep(hf, {
      ...create,
      params: {
        ...create.params,
        description: 'Order A-1\nfailed twice.\n\nSee the logs.',
        labels: ['payments'],
        priority: 'High',
      },
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toMatchObject({ id: '10042', key: 'OPS-42', url: `${api.url}/browse/OPS-42` });
    expect(api.requests[0].body.fields).toEqual({
      project: { key: 'OPS' },
      issuetype: { name: 'Bug' },
      summary: 'Payment failed',
      labels: ['payments'],
      priority: { name: 'High' },
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Order A-1' },
              { type: 'hardBreak' },
              { type: 'text', text: 'failed twice.' },
            ],
          },
          { type: 'paragraph', content: [{ type: 'text', text: 'See the logs.' }] },
        ],
      },
    });
  });

  it('a bad API token fails at once; a field error is reported by field', async () => {
    await expectAuthFailure(hf, api, { ...create, credential: 'jira-bad' }, 'Client must be authenticated');
    api.inject({
      status: 400,
      body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
    });
    const exec = await runStep(hf, create);
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'jira_400' } });
    expect(step(exec, 's').error.message).toContain('summary: You must specify a summary of the issue.');
  });

  it('a 429 honours Retry-After, a 503 is retried', async () => {
    await expectRetries(
      hf,
      api,
      create,
      { status: 429, headers: { 'retry-after': '2' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } },
      { status: 503, body: '' },
    );
  });
});

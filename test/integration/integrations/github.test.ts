import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const TOKEN = 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
const DOCS = 'https://docs.github.com/rest';

// POST /repos/{owner}/{repo}/issues and /issues/{n}/comments (Bearer token, User-Agent required).
function github(r: Recorded) {
  if (!r.headers['user-agent'])
    return {
      status: 403,
      body: {
        message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header',
        documentation_url: DOCS,
      },
    };
  if (r.headers.authorization !== `Bearer ${TOKEN}`)
    return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } };
  if (r.method === 'POST' && r.path === '/repos/acme/shop/issues') {
    if (!r.body?.title)
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
          documentation_url: DOCS,
        },
      };
    return {
      status: 201,
      body: {
        id: 1,
        number: 1347,
        title: r.body.title,
        url: 'https://api.github.com/repos/acme/shop/issues/1347',
        html_url: 'https://github.com/acme/shop/issues/1347',
      },
    };
  }
  const c = /^\/repos\/acme\/shop\/issues\/(\d+)\/comments$/.exec(r.path);
  if (r.method === 'POST' && c)
    return {
      status: 201,
      body: {
        id: 99,
        url: 'https://api.github.com/repos/acme/shop/issues/comments/99',
        html_url: `https://github.com/acme/shop/issues/${c[1]}#issuecomment-99`,
        body: r.body.body,
      },
    };
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
}

describe('github.createIssue and github.createComment against a stand-in of the REST API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(github);
    await putCredential(hf, 'gh', 'github', { token: TOKEN, baseUrl: api.url });
    await putCredential(hf, 'gh-bad', 'github', { token: 'ghp_revoked000000000000000000000000', baseUrl: api.url });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const issue = {
    type: 'github.createIssue',
    credential: 'gh',
    params: { owner: 'acme', repo: 'shop', title: 'Refund failed', labels: ['bug'] },
  };

  it('creates an issue, then comments on it by number', async () => {
    api.reset();
    const exec = await runWorkflow(
      hf,
      {
        id: 'gh-flow',
        steps: [
          { id: 'issue', ...issue, params: { ...issue.params, body: '="Order " & trigger.body.id' } },
          {
            id: 'comment',
            type: 'github.createComment',
            credential: 'gh',
            params: { owner: 'acme', repo: 'shop', issueNumber: '=steps.issue.number', body: 'Looking into it.' },
          },
        ],
        edges: [
          { from: 'trigger', to: 'issue' },
          { from: 'issue', to: 'comment' },
        ],
      },
      { id: 'A-9' },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'issue').output).toEqual({
      id: 1,
      number: 1347,
      url: 'https://github.com/acme/shop/issues/1347',
      apiUrl: 'https://api.github.com/repos/acme/shop/issues/1347',
    });
    expect(step(exec, 'comment').output).toMatchObject({ id: 99 });
    expect(api.requests.map((r) => r.path)).toEqual([
      '/repos/acme/shop/issues',
      '/repos/acme/shop/issues/1347/comments',
    ]);
    expect(api.requests[0].headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    });
    expect(api.requests[0].body).toEqual({ title: 'Refund failed', body: 'Order A-9', labels: ['bug'] });
  });

  it('bad credentials fail at once; a validation error names the field', async () => {
    await expectAuthFailure(hf, api, { ...issue, credential: 'gh-bad' }, 'Bad credentials');
    api.inject({
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid', field: 'labels' }] },
    });
    const exec = await runStep(hf, issue);
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'github_422' } });
    expect(step(exec, 's').error.message).toContain('"field":"labels"');
  });

  it('a primary rate limit (403, no requests left) waits until x-ratelimit-reset; a 502 is retried', async () => {
    await expectRetries(
      hf,
      api,
      issue,
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3) },
        body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: DOCS },
      },
      { status: 502, body: { message: 'Server Error' } },
    );
  });

  it('a secondary rate limit (429) honours Retry-After', async () => {
    await expectRetries(
      hf,
      api,
      issue,
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'You have exceeded a secondary rate limit.' } },
      { status: 500, body: { message: 'Server Error' } },
    );
  });
});

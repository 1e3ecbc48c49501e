import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const KEY = 'lin_api_0123456789abcdefghijklmnopqrstuvwxyzABCD';
const TEAM = '9cfb482a-81e3-4154-b5b9-2c805e70a02d';
const gqlError = (message: string, code: string) => ({
  errors: [
    { message, extensions: { code, type: code.toLowerCase().replace(/_/g, ' '), userPresentableMessage: message } },
  ],
});

// POST /graphql; personal API keys go in Authorization without "Bearer".
function linear(r: Recorded) {
  if (r.headers.authorization !== KEY)
    return { status: 400, body: gqlError('Authentication required, not authenticated', 'AUTHENTICATION_ERROR') };
  if (r.method !== 'POST' || r.path !== '/graphql' || !String(r.body?.query).includes('issueCreate'))
    return { status: 400, body: gqlError('Syntax Error', 'GRAPHQL_VALIDATION_FAILED') };
  const input = r.body.variables?.input ?? {};
  // A resolver failure: HTTP 200 with `errors` and no data.
  if (input.teamId !== TEAM)
    return { status: 200, body: { data: null, ...gqlError('Entity not found: Team', 'INVALID_INPUT') } };
  return {
    status: 200,
    body: {
      data: {
        issueCreate: {
          success: true,
          issue: {
            id: 'a1b2',
            identifier: 'ENG-123',
            title: input.title,
            url: 'https://linear.app/acme/issue/ENG-123',
          },
        },
      },
    },
  };
}

describe('linear.createIssue against a stand-in of the Linear GraphQL API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(linear);
    await putCredential(hf, 'linear', 'linear', { apiKey: KEY, baseUrl: api.url });
    await putCredential(hf, 'linear-bad', 'linear', { apiKey: 'lin_api_revoked0000000000', baseUrl: api.url });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const create = {
    type: 'linear.createIssue',
    credential: 'linear',
    params: { teamId: TEAM, title: 'Refund failed', priority: 2 },
  };

  it('sends the issueCreate mutation with its input as variables', async () => {
    api.reset();
    const exec = await runStep(hf, create);
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({
      id: 'a1b2',
      identifier: 'ENG-123',
      title: 'Refund failed',
      url: 'https://linear.app/acme/issue/ENG-123',
    });
    expect(api.requests[0].body.variables).toEqual({ input: { teamId: TEAM, title: 'Refund failed', priority: 2 } });
  });

  it('a GraphQL error inside a 200 is a failure, not a success', async () => {
    const exec = await runStep(hf, { ...create, params: { ...create.params, teamId: 'no-such-team' } });
    expect(exec.status).toBe('failed');
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'linear_invalid_input' } });
    expect(step(exec, 's').error.message).toContain('Entity not found: Team');
  });

  it('AUTHENTICATION_ERROR fails at once, pointing at the credential', async () => {
    const exec = await expectAuthFailure(hf, api, { ...create, credential: 'linear-bad' }, 'Authentication required');
    expect(step(exec, 's').error.code).toBe('linear_authentication_error');
  });

  it('RATELIMITED waits until X-RateLimit-Requests-Reset (epoch ms); INTERNAL_SERVER_ERROR in a 200 is retried', async () => {
    await expectRetries(
      hf,
      api,
      create,
      {
        status: 400,
        headers: { 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(Date.now() + 2500) },
        body: gqlError('Rate limit exceeded', 'RATELIMITED'),
      },
      { status: 200, body: { data: null, ...gqlError('Internal server error', 'INTERNAL_SERVER_ERROR') } },
    );
  });
});

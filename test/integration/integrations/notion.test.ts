import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const TOKEN = 'ntn_4567890123abcdefNotionIntegrationSecret';
const DB = 'd9824bdc84454327be8b5b47500af6ce';
const error = (status: number, code: string, message: string) => ({
  status,
  body: { object: 'error', status, code, message },
});

// POST /v1/pages with Notion-Version; errors {object:"error", status, code, message}.
function notion(r: Recorded) {
  if (!r.headers['notion-version'])
    return error(
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined.',
    );
  if (r.headers.authorization !== `Bearer ${TOKEN}`) return error(401, 'unauthorized', 'API token is invalid.');
  if (r.method !== 'POST' || r.path !== '/v1/pages') return error(400, 'invalid_request_url', 'Invalid request URL.');
  if (r.body?.parent?.database_id !== DB)
    return error(404, 'object_not_found', `Could not find database with ID: ${r.body?.parent?.database_id}.`);
  if (!r.body.properties?.Name?.title) return error(400, 'validation_error', 'Name is expected to be title.');
  return {
    status: 200,
    body: {
      object: 'page',
      id: '59833787-2cf9-4fdf-8782-e53db20768a5',
      created_time: '2025-01-01T00:00:00.000Z',
      url: 'https://www.notion.so/Order-598337872cf94fdf8782e53db20768a5',
      properties: r.body.properties,
    },
  };
}

describe('notion.createDatabasePage against a stand-in of the Notion API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(notion);
    await putCredential(hf, 'notion', 'notion', { token: TOKEN, baseUrl: api.url });
    await putCredential(hf, 'notion-bad', 'notion', { token: 'secret_revoked0000000000', baseUrl: api.url });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const page = {
    type: 'notion.createDatabasePage',
    credential: 'notion',
    params: { databaseId: DB, title: 'Order A-1' },
  };

  it('creates a page in the database with its title and other properties, sending Notion-Version', async () => {
    api.reset();
    const exec = await runStep(hf, {
      ...page,
      params: { ...page.params, properties: { Status: { select: { name: 'New' } } } },
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 's').output).toEqual({
      id: '59833787-2cf9-4fdf-8782-e53db20768a5',
      url: 'https://www.notion.so/Order-598337872cf94fdf8782e53db20768a5',
      createdTime: '2025-01-01T00:00:00.000Z',
    });
    expect(api.requests[0].headers['notion-version']).toBe('2022-06-28');
    expect(api.requests[0].body).toEqual({
      parent: { database_id: DB },
      properties: {
        Status: { select: { name: 'New' } },
        Name: { title: [{ type: 'text', text: { content: 'Order A-1' } }] },
      },
    });
  });

  it('an invalid token fails at once (unauthorized); an unshared database too (object_not_found)', async () => {
    const exec = await expectAuthFailure(hf, api, { ...page, credential: 'notion-bad' }, 'API token is invalid.');
    expect(step(exec, 's').error.code).toBe('unauthorized');
    const missing = await runStep(hf, {
      ...page,
      params: { ...page.params, databaseId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    });
    expect(step(missing, 's')).toMatchObject({ attempt: 1, error: { code: 'object_not_found' } });
  });

  it('rate_limited (429) honours Retry-After; a 409 conflict_error is retried as Notion documents', async () => {
    await expectRetries(
      hf,
      api,
      page,
      {
        ...error(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.'),
        headers: { 'retry-after': '2' },
      },
      error(409, 'conflict_error', 'Conflict occurred while saving. Please try again.'),
    );
  });
});

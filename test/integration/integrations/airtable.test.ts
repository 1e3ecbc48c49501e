import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, step } from '../nodes/flow-helpers.ts';
import { expectAuthFailure, expectRetries, runStep } from './saas-cases.ts';
import { type Recorded, type StandIn, startStandIn } from './stand-in.ts';

const TOKEN = 'patAbCdEfGh12345.0123456789abcdef0123456789abcdef';
const BASE = 'appABCDEFGHIJ1234';

// POST (create) / PATCH with performUpsert (upsert) /v0/{baseId}/{table}.
function airtableApi() {
  const byEmail = new Map<string, string>();
  let n = 0;
  return (r: Recorded) => {
    if (r.headers.authorization !== `Bearer ${TOKEN}`)
      return { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } };
    if (r.path !== `/v0/${BASE}/Orders`) return { status: 404, body: { error: 'NOT_FOUND' } };
    const rec = r.body?.records?.[0];
    if (!rec?.fields || typeof rec.fields !== 'object')
      return {
        status: 422,
        body: {
          error: {
            type: 'INVALID_REQUEST_MISSING_FIELDS',
            message: 'Could not find field "fields" in the request body',
          },
        },
      };
    if ('Bogus' in rec.fields)
      return { status: 422, body: { error: { type: 'UNKNOWN_FIELD_NAME', message: 'Unknown field name: "Bogus"' } } };
    if (r.method === 'POST')
      return {
        status: 200,
        body: { records: [{ id: `rec${++n}`, createdTime: '2025-01-01T00:00:00.000Z', fields: rec.fields }] },
      };
    if (r.method === 'PATCH') {
      const key = String(rec.fields[r.body.performUpsert.fieldsToMergeOn[0]]);
      const existing = byEmail.get(key);
      const id = existing ?? `rec${++n}`;
      byEmail.set(key, id);
      return {
        status: 200,
        body: {
          records: [{ id, createdTime: '2025-01-01T00:00:00.000Z', fields: rec.fields }],
          createdRecords: existing ? [] : [id],
          updatedRecords: existing ? [id] : [],
        },
      };
    }
    return { status: 404, body: { error: 'NOT_FOUND' } };
  };
}

describe('airtable.createRecord and airtable.upsertRecord against a stand-in of the Web API', () => {
  let hf: TestHookflow;
  let api: StandIn;
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startStandIn(airtableApi());
    await putCredential(hf, 'at', 'airtable', { token: TOKEN, baseUrl: api.url });
    await putCredential(hf, 'at-bad', 'airtable', { token: 'patRevoked.000000', baseUrl: api.url });
  });
  afterAll(async () => {
    await hf?.close();
    await api?.close();
  });
  const create = {
    type: 'airtable.createRecord',
    credential: 'at',
    params: { baseId: BASE, table: 'Orders', fields: { Email: 'ada@example.com', Total: 120 } },
  };
  const upsert = { type: 'airtable.upsertRecord', credential: 'at', params: { ...create.params, mergeOn: ['Email'] } };

  it('creates a record; upserts by Email (created, then updated the same record)', async () => {
    api.reset();
    const exec = await runStep(hf, { ...create, params: { ...create.params, typecast: true } });
    expect(step(exec, 's').output).toEqual({
      id: 'rec1',
      createdTime: '2025-01-01T00:00:00.000Z',
      fields: { Email: 'ada@example.com', Total: 120 },
    });
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      body: { records: [{ fields: { Email: 'ada@example.com', Total: 120 } }], typecast: true },
    });
    const first = await runStep(hf, upsert);
    const second = await runStep(hf, {
      ...upsert,
      params: { ...upsert.params, fields: { Email: 'ada@example.com', Total: 99 } },
    });
    expect(step(first, 's').output).toMatchObject({ id: 'rec2', created: true });
    expect(step(second, 's').output).toMatchObject({ id: 'rec2', created: false, fields: { Total: 99 } });
    expect(api.requests[1]).toMatchObject({ method: 'PATCH', body: { performUpsert: { fieldsToMergeOn: ['Email'] } } });
  });

  it('a bad token fails at once; an unknown field is named', async () => {
    await expectAuthFailure(hf, api, { ...create, credential: 'at-bad' }, 'Authentication required');
    const exec = await runStep(hf, { ...create, params: { ...create.params, fields: { Bogus: 1 } } });
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'unknown_field_name' } });
  });

  it('a 429 honours Retry-After when sent; a 503 is retried', async () => {
    await expectRetries(
      hf,
      api,
      create,
      {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] },
      },
      { status: 503, body: { error: { type: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' } } },
    );
  });
});

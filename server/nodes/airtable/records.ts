// `POST /v0/{baseId}/{table}` creates; `PATCH` with `performUpsert.fieldsToMergeOn` updates
// the record whose merge fields match, or creates one.
import { Type } from 'typebox';
import type { NodeContext } from '../define-node.ts';
import { defineNode } from '../define-node.ts';
import { asObject, baseUrl, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

const common = {
  baseId: Type.String({
    pattern: '^app[A-Za-z0-9]{14}$',
    title: 'Base id',
    description: 'app… from the base’s API page or URL.',
  }),
  table: Type.String({ minLength: 1, title: 'Table', description: 'Table name or id (tbl…).' }),
  fields: Type.Record(Type.String(), Type.Unknown(), { title: 'Fields', description: 'Cell values by field name.' }),
  typecast: Type.Optional(
    Type.Boolean({
      default: false,
      title: 'Typecast',
      description: 'Let Airtable convert strings (e.g. create select options).',
    }),
  ),
};

export const airtableCreateRecordNode = defineNode({
  type: 'airtable.createRecord',
  title: 'Airtable: create record',
  category: 'Productivity',
  description: 'Add a record to an Airtable table.',
  params: Type.Object(common, { additionalProperties: false }),
  outputs: ['main'],
  credentialTypes: ['airtable'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const body = { records: [{ fields: p.fields }], typecast: p.typecast || undefined };
    const res = await airtableCall(ctx, 'airtable.createRecord', 'POST', p.baseId, p.table, body);
    return { output: firstRecord(res) };
  },
});

export const airtableUpsertRecordNode = defineNode({
  type: 'airtable.upsertRecord',
  title: 'Airtable: create or update record',
  category: 'Productivity',
  description: 'Update the record whose merge fields match, or create it.',
  params: Type.Object(
    {
      ...common,
      mergeOn: Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        maxItems: 3,
        title: 'Match on',
        description: 'Field names that identify the record (1-3), e.g. Email.',
      }),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['airtable'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const body = {
      performUpsert: { fieldsToMergeOn: p.mergeOn },
      records: [{ fields: p.fields }],
      typecast: p.typecast || undefined,
    };
    const res = await airtableCall(ctx, 'airtable.upsertRecord', 'PATCH', p.baseId, p.table, body);
    const record = firstRecord(res);
    const created = Array.isArray(res.createdRecords) && res.createdRecords.includes(record.id);
    return { output: { ...record, created } };
  },
});

/** Airtable documents a 30-second pause after a 429 and sends no Retry-After. */
const RATE_LIMIT_PAUSE_MS = 30_000;

async function airtableCall(
  ctx: NodeContext,
  node: string,
  method: 'POST' | 'PATCH',
  baseId: string,
  table: string,
  body: unknown,
) {
  const cred = await requireCredential(ctx, node, 'airtable');
  const result = await callJsonApi(ctx, {
    method,
    url: `${baseUrl(cred.data, 'baseUrl', 'https://api.airtable.com')}/v0/${encodeURIComponent(baseId)}/${encodeURIComponent(table)}`,
    headers: { authorization: `Bearer ${cred.data.token as string}` },
    body: body,
    what: method === 'POST' ? 'Airtable create record' : 'Airtable upsert record',
    describe: describeAirtable,
    waitMs: () => RATE_LIMIT_PAUSE_MS,
  });
  return asObject(result.body);
}

function firstRecord(res: Record<string, unknown>) {
  const r = asObject((res.records as unknown[] | undefined)?.[0]);
  return { id: r.id as string, createdTime: r.createdTime, fields: r.fields };
}

/** `{ "error": { "type": "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", "message": "…" } }`, or a bare `{ "error": "NOT_FOUND" }`; 429 `{ "errors": [{ "error": "RATE_LIMIT_REACHED", "message" }] }`. */
function describeAirtable(r: HttpResult) {
  const b = asObject(r.body);
  if (typeof b.error === 'string') return { message: b.error, code: b.error };
  const e = asObject(Array.isArray(b.errors) ? b.errors[0] : b.error);
  const type = typeof e.type === 'string' ? e.type : typeof e.error === 'string' ? e.error : undefined;
  return typeof e.message === 'string'
    ? { message: e.message, code: type }
    : type
      ? { message: type, code: type }
      : null;
}

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { asObject, baseUrl, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

/** `POST /v1/pages` with a database as parent. */
export const notionCreatePageNode = defineNode({
  type: 'notion.createDatabasePage',
  title: 'Notion: create database page',
  category: 'Productivity',
  description: 'Add a page (a row) to a Notion database.',
  params: Type.Object(
    {
      databaseId: Type.String({
        pattern: '^[0-9a-fA-F-]{32,36}$',
        title: 'Database id',
        description: 'The 32-character id in the database URL.',
      }),
      title: Type.String({ minLength: 1, title: 'Title', description: 'Text of the title property.' }),
      titleProperty: Type.Optional(
        Type.String({
          minLength: 1,
          default: 'Name',
          title: 'Title property',
          description: 'Name of the database’s title column.',
        }),
      ),
      properties: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          title: 'Other properties',
          description: 'Notion property values by column name, e.g. { "Status": { "select": { "name": "New" } } }.',
        }),
      ),
      children: Type.Optional(
        Type.Array(Type.Record(Type.String(), Type.Unknown()), {
          maxItems: 100,
          title: 'Content',
          description: 'Block objects for the page body.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['notion'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const cred = await requireCredential(ctx, 'notion.createDatabasePage', 'notion');
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: `${baseUrl(cred.data, 'baseUrl', 'https://api.notion.com')}/v1/pages`,
      headers: { authorization: `Bearer ${cred.data.token as string}` },
      extraHeaders: { 'notion-version': (cred.data.notionVersion as string | undefined) ?? '2022-06-28' },
      body: {
        parent: { database_id: p.databaseId },
        properties: {
          ...p.properties,
          [p.titleProperty ?? 'Name']: { title: [{ type: 'text', text: { content: p.title } }] },
        },
        children: p.children,
      },
      what: 'Notion create page',
      describe: describeNotion,
      // Notion documents conflict_error (409) as "data collision, retry the request".
      transient: (r) => r.status === 409,
    });
    const b = asObject(result.body);
    return { output: { id: b.id, url: b.url, createdTime: b.created_time } };
  },
});

/** `{ "object": "error", "status": 400, "code": "validation_error", "message": "…" }`. */
function describeNotion(r: HttpResult) {
  const b = asObject(r.body);
  return typeof b.message === 'string'
    ? { message: b.message, code: typeof b.code === 'string' ? b.code : undefined }
    : null;
}

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { asObject, baseUrl, basicAuth, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { textToAdf } from './adf.ts';

/** `POST /rest/api/3/issue` with the description as an ADF document. */
export const jiraCreateIssueNode = defineNode({
  type: 'jira.createIssue',
  title: 'Jira: create issue',
  category: 'Developer',
  description: 'Create an issue in a Jira Cloud project.',
  params: Type.Object(
    {
      projectKey: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$', title: 'Project key', description: 'e.g. OPS.' }),
      issueType: Type.Optional(
        Type.String({
          minLength: 1,
          default: 'Task',
          title: 'Issue type',
          description: 'Name, e.g. Task, Bug, Story.',
        }),
      ),
      summary: Type.String({ minLength: 1, maxLength: 255, title: 'Summary', description: 'One-line title.' }),
      description: Type.Optional(
        Type.String({
          title: 'Description',
          description: 'Plain text; blank lines separate paragraphs (sent as ADF).',
        }),
      ),
      labels: Type.Optional(
        Type.Array(Type.String({ pattern: '^\\S+$' }), { title: 'Labels', description: 'Labels (no spaces).' }),
      ),
      priority: Type.Optional(Type.String({ title: 'Priority', description: 'Priority name, e.g. High.' })),
      fields: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          title: 'Other fields',
          description: 'More fields by id, e.g. { "customfield_10011": "Epic" }.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['jiraCloud'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const cred = await requireCredential(ctx, 'jira.createIssue', 'jiraCloud');
    const d = cred.data as { email: string; apiToken: string };
    const fields = {
      ...p.fields,
      project: { key: p.projectKey },
      issuetype: { name: p.issueType ?? 'Task' },
      summary: p.summary,
      description: p.description ? textToAdf(p.description) : undefined,
      labels: p.labels,
      priority: p.priority ? { name: p.priority } : undefined,
    };
    const site = baseUrl(cred.data, 'siteUrl', '');
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: `${site}/rest/api/3/issue`,
      headers: { authorization: basicAuth(ctx, d.email, d.apiToken) },
      body: { fields },
      what: 'Jira create issue',
      describe: describeJira,
    });
    const b = asObject(result.body);
    return { output: { id: b.id, key: b.key, self: b.self, url: `${site}/browse/${b.key}` } };
  },
});

/** `{ "errorMessages": [...], "errors": { "summary": "You must specify a summary of the issue." } }`. */
function describeJira(r: HttpResult) {
  const b = asObject(r.body);
  const messages = [
    ...(Array.isArray(b.errorMessages) ? (b.errorMessages as unknown[]).map(String) : []),
    ...Object.entries(asObject(b.errors)).map(([k, v]) => `${k}: ${String(v)}`),
  ];
  return messages.length > 0 ? { message: messages.join('; '), code: `jira_${r.status}` } : null;
}

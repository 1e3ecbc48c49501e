import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { apiFailure, asObject, baseUrl, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { NonRetryableError } from '../step-errors.ts';

const MUTATION = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier title url } }
}`;

const what = 'Linear issueCreate';

export const linearCreateIssueNode = defineNode({
  type: 'linear.createIssue',
  title: 'Linear: create issue',
  category: 'Developer',
  description: 'Create an issue in a Linear team (GraphQL issueCreate).',
  params: Type.Object(
    {
      teamId: Type.String({
        minLength: 1,
        title: 'Team id',
        description: 'The team’s UUID (Settings → Teams, or the API).',
      }),
      title: Type.String({ minLength: 1, title: 'Title', description: 'Issue title.' }),
      description: Type.Optional(Type.String({ title: 'Description', description: 'Markdown.' })),
      priority: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: 4,
          title: 'Priority',
          description: '0 none, 1 urgent, 2 high, 3 medium, 4 low.',
        }),
      ),
      labelIds: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), { title: 'Label ids', description: 'Label UUIDs.' }),
      ),
      assigneeId: Type.Optional(Type.String({ minLength: 1, title: 'Assignee id', description: 'User UUID.' })),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['linear'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const cred = await requireCredential(ctx, 'linear.createIssue', 'linear');
    const key = cred.data.apiKey as string;
    const call = {
      what,
      describe: describeLinear,
      rateLimited: isRateLimited,
      waitMs: resetWait,
      transient: isInternal,
      authFailed: isAuth,
    };
    const result = await callJsonApi(ctx, {
      ...call,
      method: 'POST',
      url: `${baseUrl(cred.data, 'baseUrl', 'https://api.linear.app')}/graphql`,
      headers: { authorization: key.startsWith('lin_api_') ? key : `Bearer ${key}` },
      body: { query: MUTATION, variables: { input: { ...p } } },
    });
    const body = asObject(result.body);
    // GraphQL answers 200 with `errors` for failures the resolver found: never a success.
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const code = codeOf(result);
      const status =
        code === 'AUTHENTICATION_ERROR' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'RATELIMITED' ? 429 : 400;
      throw apiFailure({ ...result, status: isInternal(result) ? 500 : status }, call);
    }
    const created = asObject(asObject(body.data).issueCreate);
    if (created.success !== true) throw new NonRetryableError(`${what} answered success: false`, 'linear_not_created');
    const issue = asObject(created.issue);
    return { output: { id: issue.id, identifier: issue.identifier, title: issue.title, url: issue.url } };
  },
});

function codeOf(r: HttpResult): string | undefined {
  const first = asObject(Array.isArray(asObject(r.body).errors) ? (asObject(r.body).errors as unknown[])[0] : null);
  const code = asObject(first.extensions).code;
  return typeof code === 'string' ? code : undefined;
}

/** `{ "errors": [{ "message", "extensions": { "code": "AUTHENTICATION_ERROR", "userPresentableMessage" } }] }`. */
function describeLinear(r: HttpResult) {
  const errors = asObject(r.body).errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const first = asObject(errors[0]);
  const ext = asObject(first.extensions);
  const message =
    typeof ext.userPresentableMessage === 'string' ? ext.userPresentableMessage : String(first.message ?? '');
  return { message, code: typeof ext.code === 'string' ? `linear_${ext.code.toLowerCase()}` : undefined };
}

const isRateLimited = (r: HttpResult) => codeOf(r) === 'RATELIMITED';
const isInternal = (r: HttpResult) => codeOf(r) === 'INTERNAL_SERVER_ERROR';
const isAuth = (r: HttpResult) => codeOf(r) === 'AUTHENTICATION_ERROR' || codeOf(r) === 'FORBIDDEN';

/** Linear's `X-RateLimit-Requests-Reset` is the reset time in epoch milliseconds. */
function resetWait(r: HttpResult) {
  const reset = Number(r.headers['x-ratelimit-requests-reset']);
  return Number.isFinite(reset) && reset > 0 ? reset - Date.now() : null;
}

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { apiFailure, asObject, callJsonApi, requireCredential, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { NonRetryableError } from '../step-errors.ts';

const what = 'Microsoft Teams webhook';

/** POSTs `{type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive", content}]}`. */
export const teamsPostCardNode = defineNode({
  type: 'teams.postMessage',
  title: 'Microsoft Teams: post card',
  category: 'Messaging',
  description: 'Post an Adaptive Card (title, text, facts, a link) to a Teams channel through its webhook.',
  params: Type.Object(
    {
      title: Type.Optional(Type.String({ title: 'Title', description: 'Bold heading of the card.' })),
      text: Type.String({ minLength: 1, title: 'Text', description: 'Card text (a subset of Markdown).' }),
      facts: Type.Optional(
        Type.Record(Type.String(), Type.String(), {
          title: 'Facts',
          description: 'Name/value pairs shown as a table.',
        }),
      ),
      linkUrl: Type.Optional(
        Type.String({ format: 'uri', title: 'Link', description: 'Adds an "Open" button to this URL.' }),
      ),
      card: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          title: 'Card',
          description: 'A whole Adaptive Card (from the designer) to send instead of the fields above.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['teamsWebhook'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const cred = await requireCredential(ctx, 'teams.postMessage', 'teamsWebhook');
    const content = p.card ?? {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        ...(p.title ? [{ type: 'TextBlock', text: p.title, weight: 'Bolder', size: 'Medium', wrap: true }] : []),
        { type: 'TextBlock', text: p.text, wrap: true },
        ...(p.facts
          ? [{ type: 'FactSet', facts: Object.entries(p.facts).map(([title, value]) => ({ title, value })) }]
          : []),
      ],
      ...(p.linkUrl ? { actions: [{ type: 'Action.OpenUrl', title: 'Open', url: p.linkUrl }] } : {}),
    };
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: cred.data.url as string,
      headers: {},
      body: {
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
      },
      what,
      describe: describeTeams,
    });
    // A legacy connector answers 200 with text: "1" on success and an error sentence
    // otherwise (Teams' own 429 relayed inside a 200: retried like a 429).
    if (typeof result.body === 'string' && result.body.trim() !== '' && result.body.trim() !== '1') {
      const relayed = /HTTP error (\d{3})/.exec(result.body);
      const status = relayed ? Number(relayed[1]) : 400;
      throw apiFailure({ ...result, status }, { what, describe: describeTeams });
    }
    if (result.status === 200 && result.body && typeof result.body === 'object' && 'error' in (result.body as object)) {
      throw new NonRetryableError(`${what} failed: ${JSON.stringify(result.body).slice(0, 300)}`, 'teams_error');
    }
    return { output: { status: result.status } };
  },
});

/** Workflows (Logic Apps): `{ "error": { "code": "DirectApiAuthorizationRequired", "message": "…" } }`. */
function describeTeams(r: HttpResult) {
  if (typeof r.body === 'string' && r.body) return { message: r.body.slice(0, 300) };
  const e = asObject(asObject(r.body).error);
  return typeof e.message === 'string'
    ? { message: e.message, code: typeof e.code === 'string' ? e.code : undefined }
    : null;
}

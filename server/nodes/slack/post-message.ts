import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { apiFailure, baseUrl, callJsonApi, SAAS_RETRY } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { anyArray } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

// Slack answers HTTP 200 with `ok: false` for most failures; these codes are worth retrying.
const TRANSIENT = new Set(['ratelimited', 'service_unavailable', 'fatal_error', 'internal_error', 'request_timeout']);

/**
 * With a bot token: `POST chat.postMessage` (`ok: false` is a failure carrying Slack's
 * error code). With an incoming-webhook credential: POST to the webhook URL, which answers
 * `ok` or a plain-text error code.
 */
export const slackPostMessageNode = defineNode({
  type: 'slack.postMessage',
  title: 'Slack: post message',
  category: 'Messaging',
  description: 'Post a message to a Slack channel with a bot token, or through an incoming-webhook URL.',
  params: Type.Object(
    {
      channel: Type.Optional(
        Type.String({
          title: 'Channel',
          description: 'Channel id or name (bot token only; webhooks have a fixed channel).',
        }),
      ),
      text: Type.String({
        minLength: 1,
        title: 'Text',
        description: 'Message text (mrkdwn); also the fallback for blocks.',
      }),
      blocks: Type.Optional(anyArray({ title: 'Blocks', description: 'Block Kit blocks, e.g. from an expression.' })),
      threadTs: Type.Optional(
        Type.String({ title: 'Thread', description: 'ts of the parent message to reply in a thread.' }),
      ),
      unfurlLinks: Type.Optional(
        Type.Boolean({ title: 'Unfurl links', description: 'Show link previews.', default: false }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['slack', 'slackWebhook'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    if (!ctx.credentialName)
      throw new NonRetryableError('slack.postMessage needs a slack or slackWebhook credential', 'credential_required');
    const cred = await ctx.services.credential(ctx.credentialName);
    const message = {
      text: params.text,
      blocks: params.blocks,
      thread_ts: params.threadTs,
      unfurl_links: params.unfurlLinks ?? false,
    };
    if (cred.type === 'slackWebhook') {
      const result = await callJsonApi(ctx, {
        method: 'POST',
        url: cred.data.url as string,
        headers: new Headers(),
        body: message,
        what: 'Slack incoming webhook',
        describe: (r) => (typeof r.body === 'string' && r.body ? { message: r.body, code: r.body } : null),
      });
      return { output: { ok: true, response: result.body } };
    }
    if (cred.type !== 'slack') {
      throw new NonRetryableError(
        `slack.postMessage needs a slack credential, "${ctx.credentialName}" is ${cred.type}`,
        'credential_type',
      );
    }
    if (!params.channel) throw new NonRetryableError('channel is required with a bot token', 'channel_required');
    const what = 'Slack chat.postMessage';
    const describe = (r: HttpResult) => {
      const b = r.body as { error?: unknown } | null;
      return b && typeof b.error === 'string' ? { message: b.error, code: b.error } : null;
    };
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: `${baseUrl(cred.data, 'baseUrl', 'https://slack.com/api')}/chat.postMessage`,
      headers: new Headers({ authorization: `Bearer ${cred.data.botToken as string}` }),
      body: { channel: params.channel, ...message },
      what,
      describe,
    });
    const body = result.body as { ok?: boolean; error?: string; channel?: string; ts?: string };
    if (body?.ok !== true) {
      const err = apiFailure(result, { what, describe, rateLimited: () => body?.error === 'ratelimited' });
      if (body?.error && TRANSIENT.has(body.error)) throw Object.assign(new Error(err.message), { code: body.error });
      throw new NonRetryableError(err.message, body?.error ?? 'slack_error');
    }
    return { output: { ok: true, channel: body.channel, ts: body.ts } };
  },
});

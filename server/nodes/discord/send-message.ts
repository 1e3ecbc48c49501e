import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { asObject, callJsonApi, requireCredential, SAAS_RETRY, secondsToMs } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';
import { NonRetryableError } from '../step-errors.ts';

const Params = Type.Object(
  {
    content: Type.Optional(
      Type.String({
        maxLength: 2000,
        title: 'Content',
        description: 'Message text (Markdown), up to 2,000 characters.',
      }),
    ),
    embeds: Type.Optional(
      Type.Array(Type.Record(Type.String(), Type.Unknown()), {
        maxItems: 10,
        title: 'Embeds',
        description:
          'Up to 10 embed objects ({ "title", "description", "url", "color", "fields": [{ "name", "value" }] }).',
      }),
    ),
    username: Type.Optional(
      Type.String({ maxLength: 80, title: 'User name', description: 'Overrides the webhook’s display name.' }),
    ),
    avatarUrl: Type.Optional(
      Type.String({ format: 'uri', title: 'Avatar URL', description: 'Overrides the webhook’s avatar.' }),
    ),
    allowMentions: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'Allow mentions',
        description: 'Let @everyone, roles and users in the content ping people (off: nobody is pinged).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** `POST <webhook>?wait=true`: Discord then answers with the created message instead of 204. */
export const discordSendMessageNode = defineNode({
  type: 'discord.sendMessage',
  title: 'Discord: send message',
  category: 'Messaging',
  description: 'Post a message with optional embeds to a Discord channel through its webhook.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['discordWebhook'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    if (!params.content && !params.embeds?.length) {
      throw new NonRetryableError('a Discord message needs content or at least one embed', 'message_empty');
    }
    const cred = await requireCredential(ctx, 'discord.sendMessage', 'discordWebhook');
    const url = new URL(cred.data.url as string);
    url.searchParams.set('wait', 'true');
    const result = await callJsonApi(ctx, {
      method: 'POST',
      url: url.toString(),
      // The token rides in the URL; there is no credential header.
      headers: {},
      body: {
        content: params.content,
        embeds: params.embeds,
        username: params.username,
        avatar_url: params.avatarUrl,
        allowed_mentions: params.allowMentions ? undefined : { parse: [] },
      },
      what: 'Discord webhook',
      describe: describeDiscord,
      waitMs: (r) => secondsToMs(asObject(r.body).retry_after),
    });
    const m = asObject(result.body);
    return { output: { id: m.id, channelId: m.channel_id, timestamp: m.timestamp } };
  },
});

/** Discord errors: `{ "message": "Invalid Webhook Token", "code": 50027 }` (validation adds `errors`). */
function describeDiscord(r: HttpResult) {
  const b = asObject(r.body);
  if (typeof b.message !== 'string') return null;
  const detail = b.errors ? ` ${JSON.stringify(b.errors).slice(0, 300)}` : '';
  return { message: `${b.message}${detail}`, code: b.code !== undefined ? `discord_${b.code}` : undefined };
}

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import {
  apiFailure,
  asObject,
  baseUrl,
  callJsonApi,
  requireCredential,
  SAAS_RETRY,
  secondsToMs,
} from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

const what = 'Telegram sendMessage';

/** `POST /bot<token>/sendMessage`; Telegram answers `{ok, result}` or `{ok:false, error_code, description}`. */
export const telegramSendMessageNode = defineNode({
  type: 'telegram.sendMessage',
  title: 'Telegram: send message',
  category: 'Messaging',
  description: 'Send a text message from a bot to a chat, group or channel.',
  params: Type.Object(
    {
      chatId: Type.Union([Type.String({ minLength: 1 }), Type.Integer()], {
        title: 'Chat',
        description: 'Chat id (e.g. -1001234567890) or @channelusername.',
      }),
      text: Type.String({ minLength: 1, maxLength: 4096, title: 'Text', description: 'Up to 4,096 characters.' }),
      parseMode: Type.Optional(
        Type.Union([Type.Literal('MarkdownV2'), Type.Literal('HTML'), Type.Literal('Markdown')], {
          title: 'Parse mode',
          description: 'How Telegram formats the text; none: plain text.',
        }),
      ),
      disableNotification: Type.Optional(
        Type.Boolean({ default: false, title: 'Silent', description: 'Deliver without a notification sound.' }),
      ),
      disableLinkPreview: Type.Optional(
        Type.Boolean({
          default: false,
          title: 'No link preview',
          description: 'Do not show a preview of the first link.',
        }),
      ),
      replyToMessageId: Type.Optional(
        Type.Integer({ title: 'Reply to', description: 'message_id of the message to reply to.' }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['telegramBot'],
  defaultRetry: SAAS_RETRY,
  async execute(params, ctx) {
    const cred = await requireCredential(ctx, 'telegram.sendMessage', 'telegramBot');
    const base = baseUrl(cred.data, 'baseUrl', 'https://api.telegram.org');
    const result = await callJsonApi(ctx, {
      method: 'POST',
      // The token is part of the path: the vault registered it as a secret, so a failure
      // message or an echoed URL is scrubbed before it is stored.
      url: `${base}/bot${cred.data.botToken as string}/sendMessage`,
      headers: {},
      body: {
        chat_id: params.chatId,
        text: params.text,
        parse_mode: params.parseMode,
        disable_notification: params.disableNotification || undefined,
        link_preview_options: params.disableLinkPreview ? { is_disabled: true } : undefined,
        reply_parameters: params.replyToMessageId ? { message_id: params.replyToMessageId } : undefined,
      },
      what,
      describe: describeTelegram,
      waitMs: retryAfter,
    });
    const body = asObject(result.body);
    if (body.ok !== true)
      throw apiFailure(
        { ...result, status: Number(body.error_code) || 502 },
        { what, describe: describeTelegram, waitMs: retryAfter },
      );
    const m = asObject(body.result);
    return { output: { messageId: m.message_id, chatId: asObject(m.chat).id, date: m.date } };
  },
});

function describeTelegram(r: HttpResult) {
  const b = asObject(r.body);
  if (typeof b.description !== 'string') return null;
  return { message: b.description, code: `telegram_${b.error_code ?? r.status}` };
}

/** 429 `{ parameters: { retry_after: <seconds> } }`. */
function retryAfter(r: HttpResult) {
  return secondsToMs(asObject(asObject(r.body).parameters).retry_after);
}

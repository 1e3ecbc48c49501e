import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential, headerAuth } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { baseUrl } from '../outbound/json-api.ts';
import { getJson } from '../outbound/probe.ts';
import { slackPostMessageNode } from './post-message.ts';

export const slackCredential = defineCredential({
  type: 'slack',
  title: 'Slack bot token',
  description: 'A bot token with chat:write.',
  schema: Type.Object(
    {
      botToken: secret('Bot token', 'xoxb-...'),
      baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://slack.com/api')),
    },
    { additionalProperties: false },
  ),
  // Also usable by `http.request`, for Web API methods without their own action.
  authenticate: async (d, { url, headers }) => headerAuth(headers, 'authorization', `Bearer ${d.botToken}`, url),
  async check(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://slack.com/api')}/auth.test`;
    const r = await getJson(deps, url, { authorization: `Bearer ${data.botToken}` }, signal);
    if (r.status === 200 && r.body.ok === true) {
      return {
        ok: true,
        message: `signed in as ${String(r.body.user ?? 'the bot')} in ${String(r.body.team ?? 'Slack')}`,
      };
    }
    return { ok: false, message: `Slack refused the token (${String(r.body.error ?? `HTTP ${r.status}`)})` };
  },
});

export const slackWebhookCredential = defineCredential({
  type: 'slackWebhook',
  title: 'Slack incoming webhook',
  description: 'An incoming-webhook URL; the URL itself is the secret.',
  schema: Type.Object(
    {
      url: Type.String({
        format: 'uri',
        pattern: '^https?://',
        title: 'Webhook URL',
        description: 'https://hooks.slack.com/services/...',
        writeOnly: true,
      }),
    },
    { additionalProperties: false },
  ),
});

export const slackIntegration = defineIntegration({
  name: 'slack',
  credentials: [slackCredential, slackWebhookCredential],
  nodes: [slackPostMessageNode],
});

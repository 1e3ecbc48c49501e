// Discord: messages through a channel webhook (Server settings → Integrations → Webhooks).
import { Type } from 'typebox';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { discordSendMessageNode } from './send-message.ts';

export const discordWebhookCredential = defineCredential({
  type: 'discordWebhook',
  title: 'Discord webhook',
  description: 'A channel webhook URL; the URL (its token) is the secret.',
  schema: Type.Object(
    {
      url: Type.String({
        format: 'uri',
        pattern: '^https?://',
        writeOnly: true,
        title: 'Webhook URL',
        description: 'https://discord.com/api/webhooks/<id>/<token>',
      }),
    },
    { additionalProperties: false },
  ),
});

export const discordIntegration = defineIntegration({
  name: 'discord',
  nodes: [discordSendMessageNode],
  credentials: [discordWebhookCredential],
});

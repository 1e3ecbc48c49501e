// Telegram Bot API: https://api.telegram.org/bot<token>/<method>.
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { telegramSendMessageNode } from './send-message.ts';

export const telegramIntegration = defineIntegration({
  name: 'telegram',
  nodes: [telegramSendMessageNode],
  credentials: [
    defineCredential({
      type: 'telegramBot',
      title: 'Telegram bot',
      description: 'A bot token from @BotFather.',
      schema: Type.Object(
        {
          botToken: secret('Bot token', '123456:ABC-DEF...'),
          baseUrl: Type.Optional(
            httpUrl('API base URL', 'A local Bot API server, or an override for testing.', 'https://api.telegram.org'),
          ),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

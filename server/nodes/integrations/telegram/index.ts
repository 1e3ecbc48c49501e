// Telegram Bot API: https://api.telegram.org/bot<token>/<method>.
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { telegramSendMessageNode } from './send-message.ts';

export const telegram = defineIntegration({
  name: 'telegram',
  nodes: [telegramSendMessageNode],
  credentials: [
    defineCredential({
      type: 'telegramBot',
      title: 'Telegram bot',
      description: 'A bot token from @BotFather.',
      fields: Type.Object(
        {
          botToken: secretField('Bot token', '123456:ABC-DEF...'),
          baseUrl: baseUrlField('https://api.telegram.org', 'A local Bot API server, or an override for testing.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

// Twilio Programmable Messaging (REST API 2010-04-01), HTTP Basic with the account SID and
// auth token, or with an API key SID and secret.
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { twilioSendSmsNode } from './send-sms.ts';

export const twilioIntegration = defineIntegration({
  name: 'twilio',
  nodes: [twilioSendSmsNode],
  credentials: [
    defineCredential({
      type: 'twilio',
      title: 'Twilio account',
      description: 'Account SID with its auth token, or with an API key (SK…) and its secret.',
      schema: Type.Object(
        {
          accountSid: Type.String({
            pattern: '^AC[0-9a-fA-F]{32}$',
            title: 'Account SID',
            description: 'AC… from the Console.',
          }),
          authToken: secret(
            'Auth token or API key secret',
            'The account auth token, or the secret of the API key below.',
          ),
          apiKeySid: Type.Optional(
            Type.String({
              pattern: '^SK[0-9a-fA-F]{32}$',
              title: 'API key SID',
              description: 'SK…, when authenticating with an API key.',
            }),
          ),
          baseUrl: Type.Optional(
            httpUrl('API base URL', 'Override for a self-hosted or enterprise host.', 'https://api.twilio.com'),
          ),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

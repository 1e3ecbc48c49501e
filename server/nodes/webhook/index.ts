import { Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { webhookSendNode } from './webhook-send.ts';

/** Signs outbound webhooks; also verifies inbound ones (trigger `auth: hmac`). */
export const hmacCredential = defineCredential({
  type: 'hmac',
  title: 'Signing secret',
  description:
    'A shared secret for HMAC signatures (Standard Webhooks: whsec_<base64>). Add the new secret while the old one is still in previousSecrets to rotate.',
  schema: Type.Object(
    {
      secret: secret('Secret', 'The current secret, e.g. whsec_...'),
      previousSecrets: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          writeOnly: true,
          title: 'Previous secrets',
          description: 'Also signed with (outbound) or accepted (inbound) during a key rotation.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  rotation: { current: 'secret', previous: 'previousSecrets' },
});

export const webhookIntegration = defineIntegration({
  name: 'webhook',
  credentials: [hmacCredential],
  nodes: [webhookSendNode],
});

// Microsoft Teams: a channel's Workflows webhook ("Post to a channel when a webhook request
// is received") or a legacy Office 365 connector incoming webhook. Both take an Adaptive Card.
import { Type } from 'typebox';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { teamsPostCardNode } from './post-card.ts';

export const teamsIntegration = defineIntegration({
  name: 'teams',
  nodes: [teamsPostCardNode],
  credentials: [
    defineCredential({
      type: 'teamsWebhook',
      title: 'Microsoft Teams webhook',
      description: 'A Workflows (Power Automate) or incoming-webhook URL; the URL (its signature) is the secret.',
      schema: Type.Object(
        {
          url: Type.String({
            format: 'uri',
            pattern: '^https?://',
            writeOnly: true,
            title: 'Webhook URL',
            description:
              'https://prod-00.westeurope.logic.azure.com/workflows/… or https://<tenant>.webhook.office.com/…',
          }),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

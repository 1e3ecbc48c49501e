// Notion API: an internal integration secret as a Bearer token, and the API version in
// the `Notion-Version` header (required on every request).
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { notionCreatePageNode } from './create-page.ts';

export const notionIntegration = defineIntegration({
  name: 'notion',
  nodes: [notionCreatePageNode],
  credentials: [
    defineCredential({
      type: 'notion',
      title: 'Notion integration',
      description: 'An internal integration secret; share the database with the integration.',
      schema: Type.Object(
        {
          token: secret('Integration secret', 'ntn_… or secret_…'),
          notionVersion: Type.Optional(
            Type.String({
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              default: '2022-06-28',
              title: 'API version',
              description: 'Notion-Version header.',
            }),
          ),
          baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://api.notion.com')),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

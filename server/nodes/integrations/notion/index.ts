// Notion API: an internal integration secret as a Bearer token, and the API version in
// the `Notion-Version` header (required on every request).
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { notionCreatePageNode } from './create-page.ts';

export const notion = defineIntegration({
  name: 'notion',
  nodes: [notionCreatePageNode],
  credentials: [
    defineCredential({
      type: 'notion',
      title: 'Notion integration',
      description: 'An internal integration secret; share the database with the integration.',
      fields: Type.Object(
        {
          token: secretField('Integration secret', 'ntn_… or secret_…'),
          notionVersion: Type.Optional(
            Type.String({
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              default: '2022-06-28',
              title: 'API version',
              description: 'Notion-Version header.',
            }),
          ),
          baseUrl: baseUrlField('https://api.notion.com', 'Override for testing.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

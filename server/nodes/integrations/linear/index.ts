// Linear GraphQL API: a personal API key (sent as is) or an OAuth token (sent as Bearer).
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { linearCreateIssueNode } from './create-issue.ts';

export const linear = defineIntegration({
  name: 'linear',
  nodes: [linearCreateIssueNode],
  credentials: [
    defineCredential({
      type: 'linear',
      title: 'Linear API key',
      description: 'A personal API key (Settings → Security & access), or an OAuth access token.',
      fields: Type.Object(
        {
          apiKey: secretField('API key', 'lin_api_… (an OAuth token is sent as Bearer).'),
          baseUrl: baseUrlField('https://api.linear.app', 'Override for testing.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

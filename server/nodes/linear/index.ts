// Linear GraphQL API: a personal API key (sent as is) or an OAuth token (sent as Bearer).
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { linearCreateIssueNode } from './create-issue.ts';

export const linearIntegration = defineIntegration({
  name: 'linear',
  nodes: [linearCreateIssueNode],
  credentials: [
    defineCredential({
      type: 'linear',
      title: 'Linear API key',
      description: 'A personal API key (Settings → Security & access), or an OAuth access token.',
      schema: Type.Object(
        {
          apiKey: secret('API key', 'lin_api_… (an OAuth token is sent as Bearer).'),
          baseUrl: Type.Optional(httpUrl('API base URL', 'Override for testing.', 'https://api.linear.app')),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

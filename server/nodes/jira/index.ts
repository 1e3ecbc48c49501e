// Jira Cloud REST API v3, HTTP Basic with the account e-mail and an API token.
import { Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { jiraCreateIssueNode } from './create-issue.ts';

export const jiraIntegration = defineIntegration({
  name: 'jira',
  nodes: [jiraCreateIssueNode],
  credentials: [
    defineCredential({
      type: 'jiraCloud',
      title: 'Jira Cloud',
      description: 'Your site, the account e-mail and an API token (id.atlassian.com → Security → API tokens).',
      schema: Type.Object(
        {
          siteUrl: Type.String({
            format: 'uri',
            pattern: '^https?://',
            title: 'Site URL',
            description: 'https://<your-site>.atlassian.net',
          }),
          email: Type.String({
            format: 'email',
            title: 'E-mail',
            description: 'The Atlassian account the token belongs to.',
          }),
          apiToken: secret('API token', 'An Atlassian API token.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

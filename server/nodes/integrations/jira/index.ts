// Jira Cloud REST API v3, HTTP Basic with the account e-mail and an API token.
import Type from 'typebox';
import { defineCredential, defineIntegration, secretField } from '../integration.ts';
import { jiraCreateIssueNode } from './create-issue.ts';

export const jira = defineIntegration({
  name: 'jira',
  nodes: [jiraCreateIssueNode],
  credentials: [
    defineCredential({
      type: 'jiraCloud',
      title: 'Jira Cloud',
      description: 'Your site, the account e-mail and an API token (id.atlassian.com → Security → API tokens).',
      fields: Type.Object(
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
          apiToken: secretField('API token', 'An Atlassian API token.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

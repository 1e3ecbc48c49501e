// GitHub REST API (github.com, or GitHub Enterprise Server at https://<host>/api/v3).
import Type from 'typebox';
import { baseUrlField, defineCredential, defineIntegration, secretField } from '../integration.ts';
import { githubCreateCommentNode, githubCreateIssueNode } from './issues.ts';

export const github = defineIntegration({
  name: 'github',
  nodes: [githubCreateIssueNode, githubCreateCommentNode],
  credentials: [
    defineCredential({
      type: 'github',
      title: 'GitHub token',
      description: 'A fine-grained personal access token (Issues: read and write), or a GitHub App installation token.',
      fields: Type.Object(
        {
          token: secretField('Token', 'github_pat_… or ghp_…'),
          baseUrl: baseUrlField('https://api.github.com', 'GitHub Enterprise Server: https://<host>/api/v3.'),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

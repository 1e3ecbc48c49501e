// GitHub REST API (github.com, or GitHub Enterprise Server at https://<host>/api/v3).
import { Type } from 'typebox';
import { httpUrl, secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';
import { defineIntegration } from '../define-integration.ts';
import { githubCreateCommentNode, githubCreateIssueNode } from './issues.ts';

export const githubIntegration = defineIntegration({
  name: 'github',
  nodes: [githubCreateIssueNode, githubCreateCommentNode],
  credentials: [
    defineCredential({
      type: 'github',
      title: 'GitHub token',
      description: 'A fine-grained personal access token (Issues: read and write), or a GitHub App installation token.',
      schema: Type.Object(
        {
          token: secret('Token', 'github_pat_… or ghp_…'),
          baseUrl: Type.Optional(
            httpUrl('API base URL', 'GitHub Enterprise Server: https://<host>/api/v3.', 'https://api.github.com'),
          ),
        },
        { additionalProperties: false },
      ),
    }),
  ],
});

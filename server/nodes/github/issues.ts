import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { SAAS_RETRY } from '../outbound/json-api.ts';
import { githubPost, repoPath } from './github-api.ts';

const owner = Type.String({
  pattern: '^[A-Za-z0-9_.-]+$',
  title: 'Owner',
  description: 'User or organisation, e.g. octocat.',
});
const repo = Type.String({
  pattern: '^[A-Za-z0-9_.-]+$',
  title: 'Repository',
  description: 'Repository name, e.g. hello-world.',
});
const issueOutput = (b: Record<string, unknown>) => ({ id: b.id, number: b.number, url: b.html_url, apiUrl: b.url });

/** `POST /repos/{owner}/{repo}/issues`. */
export const githubCreateIssueNode = defineNode({
  type: 'github.createIssue',
  title: 'GitHub: create issue',
  category: 'Developer',
  description: 'Open an issue in a GitHub repository.',
  params: Type.Object(
    {
      owner,
      repo,
      title: Type.String({ minLength: 1, maxLength: 256, title: 'Title', description: 'Issue title.' }),
      body: Type.Optional(Type.String({ title: 'Body', description: 'Issue text (Markdown).' })),
      labels: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), { title: 'Labels', description: 'Label names.' }),
      ),
      assignees: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), { title: 'Assignees', description: 'User logins.' }),
      ),
      milestone: Type.Optional(Type.Integer({ minimum: 1, title: 'Milestone', description: 'Milestone number.' })),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['github'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const body = { title: p.title, body: p.body, labels: p.labels, assignees: p.assignees, milestone: p.milestone };
    const res = await githubPost(
      ctx,
      'github.createIssue',
      `${repoPath(p.owner, p.repo)}/issues`,
      body,
      'GitHub create issue',
    );
    return { output: issueOutput(res) };
  },
});

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/comments` (issues and pull requests). */
export const githubCreateCommentNode = defineNode({
  type: 'github.createComment',
  title: 'GitHub: comment on issue or pull request',
  category: 'Developer',
  description: 'Add a comment to an issue or a pull request.',
  params: Type.Object(
    {
      owner,
      repo,
      issueNumber: Type.Integer({ minimum: 1, title: 'Issue number', description: 'Issue or pull request number.' }),
      body: Type.String({ minLength: 1, maxLength: 65536, title: 'Body', description: 'Comment text (Markdown).' }),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  credentialTypes: ['github'],
  defaultRetry: SAAS_RETRY,
  async execute(p, ctx) {
    const path = `${repoPath(p.owner, p.repo)}/issues/${p.issueNumber}/comments`;
    const res = await githubPost(ctx, 'github.createComment', path, { body: p.body }, 'GitHub create comment');
    return { output: { id: res.id, url: res.html_url, apiUrl: res.url } };
  },
});

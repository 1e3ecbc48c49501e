// GitHub REST: errors are `{message, documentation_url, errors?}`. A primary rate limit is a
// 403 (or 429) with `x-ratelimit-remaining: 0` and the reset as epoch seconds; a secondary
// one carries Retry-After.
import type { NodeContext } from '../define-node.ts';
import { asObject, baseUrl, callJsonApi, requireCredential } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

export async function githubPost(ctx: NodeContext, node: string, path: string, body: unknown, what: string) {
  const cred = await requireCredential(ctx, node, 'github');
  const result = await callJsonApi(ctx, {
    method: 'POST',
    url: `${baseUrl(cred.data, 'baseUrl', 'https://api.github.com')}${path}`,
    headers: { authorization: `Bearer ${cred.data.token as string}` },
    // GitHub refuses requests without a User-Agent.
    extraHeaders: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'Hookflow',
    },
    body: body,
    what,
    describe: describeGithub,
    rateLimited: (r) =>
      r.headers['x-ratelimit-remaining'] === '0' ||
      /secondary rate limit/i.test(String(asObject(r.body).message ?? '')),
    waitMs: (r) => {
      const reset = Number(r.headers['x-ratelimit-reset']);
      return Number.isFinite(reset) && reset > 0 ? reset * 1000 - Date.now() : null;
    },
  });
  return asObject(result.body);
}

export const repoPath = (owner: string, repo: string) =>
  `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

function describeGithub(r: HttpResult) {
  const b = asObject(r.body);
  if (typeof b.message !== 'string') return null;
  const errors = Array.isArray(b.errors) ? ` ${JSON.stringify(b.errors).slice(0, 300)}` : '';
  return { message: `${b.message}${errors}`, code: `github_${r.status}` };
}

// HubSpot CRM v3: private app token as a Bearer token; errors are
// `{status: "error", message, category, correlationId}`; 429 when over the rate limit.
import type { NodeContext } from '../define-node.ts';
import { baseUrl, callJsonApi, requireCredential } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

export async function hubspotPost(ctx: NodeContext, node: string, path: string, body: unknown, what: string) {
  const cred = await requireCredential(ctx, node, 'hubspot');
  const result = await callJsonApi(ctx, {
    method: 'POST',
    url: `${baseUrl(cred.data, 'baseUrl', 'https://api.hubapi.com')}${path}`,
    headers: new Headers({ authorization: `Bearer ${cred.data.accessToken as string}` }),
    body,
    what,
    describe: describeHubspot,
  });
  return result.body as Record<string, unknown>;
}

function describeHubspot(r: HttpResult) {
  const b = r.body as { message?: unknown; category?: unknown } | null;
  if (!b || typeof b !== 'object' || typeof b.message !== 'string') return null;
  return { message: b.message, code: typeof b.category === 'string' ? b.category : undefined };
}

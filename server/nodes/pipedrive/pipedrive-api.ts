// Pipedrive API v1: the API token in the `x-api-token` header (kept out of URLs and so
// out of logs); answers `{success, data}`, errors `{success: false, error, error_info}`;
// 429 with rate-limit headers when over the limit.
import type { NodeContext } from '../define-node.ts';
import { baseUrl, callJsonApi, requireCredential } from '../outbound/json-api.ts';
import type { HttpResult } from '../outbound/response.ts';

export async function pipedrivePost(ctx: NodeContext, node: string, path: string, body: unknown, what: string) {
  const cred = await requireCredential(ctx, node, 'pipedrive');
  const result = await callJsonApi(ctx, {
    method: 'POST',
    url: `${baseUrl(cred.data, 'baseUrl', 'https://api.pipedrive.com')}/api/v1${path}`,
    headers: new Headers({ 'x-api-token': cred.data.apiToken as string }),
    body,
    what,
    describe: describePipedrive,
  });
  return (result.body as { data?: unknown }).data ?? null;
}

function describePipedrive(r: HttpResult) {
  const b = r.body as { error?: unknown; error_info?: unknown; errorCode?: unknown } | null;
  if (!b || typeof b.error !== 'string') return null;
  return { message: typeof b.error_info === 'string' ? `${b.error} (${b.error_info})` : b.error };
}

/** Drops unset values: Pipedrive treats an explicit null as "clear this field". */
export function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

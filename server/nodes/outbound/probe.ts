// A GET for credential checks (define-credential.ts `check`): JSON when the answer is JSON,
// never following a redirect, the credential's headers marked so the guard drops them.
import type { CheckDeps } from '../define-credential.ts';

export async function getJson(deps: CheckDeps, url: string, headers: Record<string, string>, signal: AbortSignal) {
  const res = await deps.fetch(url, {
    method: 'GET',
    headers: { accept: 'application/json', ...headers },
    redirect: 'manual',
    signal,
    credential: { headers: Object.keys(headers) },
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // a non-JSON answer is described by its status alone
  }
  return { status: res.status, body: (body ?? {}) as Record<string, unknown> };
}

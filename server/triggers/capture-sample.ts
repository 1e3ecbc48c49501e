// ANY /hooks/:token/test — records the request as sample data for the editor (JSONata
// previews, schema drafting) and starts nothing. Verification runs and its outcome is
// stored with the sample instead of rejecting: the point is to see what a sender sends.

import { storeUnavailable, UserError } from '../lib/errors.ts';
import { ulid } from '../lib/ids.ts';
import type { TriggerSample } from '../store/store.ts';
import { triggerFor } from './compile-trigger.ts';
import { type IngestDeps, type IngestRequest, storedHeaders } from './ingest.ts';
import { parseBody } from './parse-body.ts';
import { runAuth } from './verify/auth-checks.ts';
import { clientIp } from './verify/client-ip.ts';

export const SAMPLES_KEPT = 20;

export async function captureSample(deps: IngestDeps, req: IngestRequest): Promise<TriggerSample> {
  // Inactive workflows capture too: this is how a trigger is tried before going live.
  const target = await deps.loader.resolveToken(req.token);
  if (!target) throw new UserError(404, 'trigger_not_found', 'no workflow listens on this URL');
  const trigger = triggerFor(target.workflow, { limits: deps.limits, toleranceMs: deps.toleranceMs });
  const raw = await req.readBody(deps.bodyLimitBytes);
  const receivedAt = Date.now();
  const ip = clientIp(req.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxies);
  let verification: TriggerSample['verification'] = { ok: null };
  if (trigger.auth.length > 0) {
    const failure = await runAuth(
      trigger.auth,
      { headers: req.headers, rawBody: raw, clientIp: ip, now: receivedAt },
      deps.secrets,
    );
    verification = failure ? { ok: false, code: failure.code, reason: failure.reason } : { ok: true };
  }
  let body: unknown;
  let files: unknown[] | undefined;
  try {
    const parsed = await parseBody(raw, req.headers['content-type'], {
      contentEncoding: req.headers['content-encoding'],
      maxDecodedBytes: deps.bodyLimitBytes,
    });
    body = parsed.body;
    files = parsed.files;
  } catch (err) {
    const e = err as UserError;
    body = { error: { code: e.code ?? 'unparseable', message: e.message }, text: raw.toString('utf8', 0, 4096) };
  }
  const sample: TriggerSample = {
    id: ulid(receivedAt),
    workflowId: target.workflowId,
    receivedAt,
    method: req.method,
    path: req.path,
    headers: storedHeaders(req.headers, trigger.redactHeaders),
    query: req.query,
    body,
    verification,
  };
  if (files) sample.files = files;
  await deps.store.saveSample(sample, SAMPLES_KEPT).catch((err) => {
    throw storeUnavailable('the sample', err);
  });
  return sample;
}

// The trigger path: resolve the token, check the method, read the raw body, verify the
// sender on those exact bytes, spend from the rate limit (rate-gate.ts), parse and
// validate, claim the dedupe key and commit the execution in one step, enqueue it, answer.
// The answer is sent only after the commit: accepted means durable. An enqueue failure
// after the commit is not the caller's problem; the recovery sweep enqueues it later.
// Everything per workflow version is compiled once (compile-trigger.ts), so this path only
// evaluates.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { TriggerInput } from '../domain/execution.ts';
import { ExpressionBusyError, type ExpressionLimits } from '../engine/expressions.ts';
import type { WorkflowLoader } from '../engine/workflow-loader.ts';
import { toProblems } from '../lib/ajv.ts';
import { storeUnavailable, UserError } from '../lib/errors.ts';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import type { ResultBus } from '../queue/result-bus.ts';
import type { DedupeClaim, Store } from '../store/store.ts';
import { type CompiledTrigger, CREDENTIAL_HEADERS, triggerFor } from './compile-trigger.ts';
import { dedupeKey } from './dedupe-key.ts';
import { parseBody } from './parse-body.ts';
import { spendFailure, spendRate } from './rate-gate.ts';
import type { RateLimiter } from './rate-limit.ts';
import { accepted, duplicate, type IngestResponse, staticResponse, syncResponse } from './respond.ts';
import { runAuth } from './verify/auth-checks.ts';
import { type CidrList, clientIp } from './verify/client-ip.ts';
import type { AuthFailure, SecretLookup } from './verify/types.ts';

export type { IngestResponse } from './respond.ts';
export { accepted } from './respond.ts';

export type IngestDeps = {
  store: Store;
  queue: Queue;
  loader: WorkflowLoader;
  logger: Logger;
  bodyLimitBytes: number;
  limits: ExpressionLimits;
  /** Credentials by name (cached briefly, see cachedSecrets). */
  secrets: SecretLookup;
  rateLimiter: RateLimiter;
  results: ResultBus;
  syncTimeoutMs: number;
  /** Replay window of signed timestamps unless a trigger sets its own. */
  toleranceMs: number;
  trustedProxies: CidrList;
  /** Applied to triggers without their own `rateLimit`; null for none. */
  defaultRateLimit: { capacity: number; refillPerSecond: number } | null;
};

export type IngestRequest = {
  token: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  remoteAddress: string | undefined;
  readBody: (limit: number) => Promise<Buffer>;
};

export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestResponse> {
  const target = await deps.loader.resolveToken(req.token);
  if (!target?.active) {
    throw new UserError(404, 'trigger_not_found', 'no active workflow listens on this URL');
  }
  const workflowId = target.workflowId;
  const trigger = triggerFor(target.workflow, { limits: deps.limits, toleranceMs: deps.toleranceMs });
  checkMethod(trigger, req.method);
  const ip = clientIp(req.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxies);
  const bucket = trigger.rateLimit ?? deps.defaultRateLimit;
  // Without verification the token URL is all there is: limit before reading the body.
  if (bucket && trigger.auth.length === 0) await spendRate(deps, bucket, workflowId, ip);
  const raw = await req.readBody(deps.bodyLimitBytes);
  const receivedAt = Date.now();
  if (trigger.auth.length > 0) {
    const failure = await runAuth(
      trigger.auth,
      { headers: req.headers, rawBody: raw, clientIp: ip, now: receivedAt },
      deps.secrets,
    );
    // Verified first, so unsigned noise spends its own bucket, never the genuine sender's.
    if (failure) {
      const limited = bucket ? await spendFailure(deps, bucket, workflowId, ip) : null;
      throw limited ?? rejected(deps.logger, failure, workflowId, ip);
    }
    if (bucket) await spendRate(deps, bucket, workflowId, ip);
  }
  const parsed = await parseBody(raw, req.headers['content-type'], {
    contentEncoding: req.headers['content-encoding'],
    maxDecodedBytes: deps.bodyLimitBytes,
  });
  if (trigger.validate && !trigger.validate(parsed.body)) {
    throw new UserError(
      400,
      'payload_invalid',
      'the request body does not match the trigger schema',
      toProblems(trigger.validate.errors),
    );
  }
  const input: TriggerInput = {
    method: req.method,
    path: req.path,
    headers: storedHeaders(req.headers, trigger.redactHeaders),
    query: req.query,
    body: parsed.body,
    receivedAt: new Date(receivedAt).toISOString(),
  };
  if (parsed.files) input.files = parsed.files;
  if (trigger.rawBody) input.rawBody = raw.toString('base64');
  const id = ulid(receivedAt);
  const execution = { id, workflowId };
  let claim: DedupeClaim | undefined;
  if (trigger.dedupe) {
    const key = await dedupeKey(trigger.dedupe, input, execution).catch((err) => {
      // Saturated sandboxes say nothing about this delivery: let the sender retry it later
      // rather than accept it without its dedupe key (nothing is committed yet).
      if (err instanceof ExpressionBusyError) {
        throw new UserError(
          503,
          'expression_busy',
          'the server is busy evaluating expressions; retry later',
          undefined,
          {
            'retry-after': '1',
          },
        );
      }
      deps.logger.warn({ err, workflowId }, 'dedupe key could not be computed; accepting without dedupe');
      return null;
    });
    if (key !== null) claim = { key, expiresAt: receivedAt + trigger.dedupe.windowMs };
  }
  const created = await deps.store
    .createExecution({ id, workflowId, workflowVersion: target.version, trigger: input, createdAt: receivedAt }, claim)
    .catch((err) => {
      throw storeUnavailable('the execution', err);
    });
  if (!created.created) {
    deps.logger.info({ workflowId, executionId: created.existingId }, 'duplicate delivery ignored');
    return trigger.response.mode === 'static'
      ? staticResponse(trigger.response, input, { id: created.existingId, workflowId }, deps.logger)
      : duplicate(created.existingId);
  }
  // Subscribe before enqueueing, so a fast execution cannot finish unseen.
  const waiting =
    trigger.response.mode === 'sync'
      ? deps.results.waitFor(id, trigger.response.timeoutMs ?? deps.syncTimeoutMs)
      : null;
  try {
    await deps.queue.enqueue(id);
  } catch (err) {
    deps.logger.warn({ err, executionId: id }, 'enqueue failed after commit; the recovery sweep will enqueue it');
  }
  switch (trigger.response.mode) {
    case 'async':
      return accepted(id);
    case 'static':
      return staticResponse(trigger.response, input, execution, deps.logger);
    case 'sync': {
      const result = await waiting;
      return result ? syncResponse(result) : accepted(id);
    }
  }
}

function checkMethod(trigger: CompiledTrigger, method: string): void {
  if (trigger.methods.includes(method)) return;
  throw new UserError(
    405,
    'method_not_allowed',
    `this trigger accepts ${trigger.methods.join(', ')}`,
    { allowed: trigger.methods },
    { allow: trigger.methods.join(', ') },
  );
}

/** Logs the real reason; tells the caller only what it may know. */
function rejected(logger: Logger, failure: AuthFailure, workflowId: string, ip: string): UserError {
  logger.warn({ workflowId, ip, code: failure.code, reason: failure.reason }, 'trigger request rejected');
  const message =
    failure.code === 'credential_missing' || failure.code === 'credential_invalid'
      ? 'this trigger cannot verify requests: its credential is not configured'
      : failure.reason;
  return new UserError(failure.status, failure.code, message, undefined, failure.headers);
}

export function storedHeaders(
  headers: IncomingHttpHeaders,
  redact: ReadonlySet<string> = CREDENTIAL_HEADERS,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = redact.has(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

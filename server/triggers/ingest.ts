// The trigger path: resolve the token, check the method, read and parse the body, commit
// the execution, enqueue it, answer. The answer is sent only after the commit: accepted
// means durable. An enqueue failure after the commit is not the caller's problem; the
// recovery sweep enqueues it later.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { WorkflowLoader } from '../engine/workflow-loader.ts';
import type { TriggerInput } from '../http/api-types.ts';
import { UserError } from '../lib/errors.ts';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import { parseBody } from './parse-body.ts';

export type IngestDeps = {
  store: Store;
  queue: Queue;
  loader: WorkflowLoader;
  logger: Logger;
  bodyLimitBytes: number;
};

export type IngestRequest = {
  token: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  readBody: (limit: number) => Promise<Buffer>;
};

export type IngestResponse = { status: number; headers: Record<string, string>; body: unknown };

const DEFAULT_METHODS = ['POST'];
/** Never stored with an execution: they are credentials, not data. */
const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestResponse> {
  const target = await deps.loader.resolveToken(req.token);
  if (!target?.active) {
    throw new UserError(404, 'trigger_not_found', 'no active workflow listens on this URL');
  }
  const trigger = target.workflow.document.trigger;
  const methods = trigger.methods ?? DEFAULT_METHODS;
  if (!methods.includes(req.method as (typeof methods)[number])) {
    throw new UserError(
      405,
      'method_not_allowed',
      `this trigger accepts ${methods.join(', ')}`,
      { allowed: methods },
      {
        allow: methods.join(', '),
      },
    );
  }
  const raw = await req.readBody(deps.bodyLimitBytes);
  const { body } = parseBody(raw, req.headers['content-type']);
  const receivedAt = Date.now();
  const input: TriggerInput = {
    method: req.method,
    path: req.path,
    headers: storedHeaders(req.headers),
    query: req.query,
    body,
    receivedAt: new Date(receivedAt).toISOString(),
  };
  if (trigger.rawBody) input.rawBody = raw.toString('base64');
  const id = ulid(receivedAt);
  await deps.store.createExecution({
    id,
    workflowId: target.workflowId,
    workflowVersion: target.version,
    trigger: input,
    createdAt: receivedAt,
  });
  try {
    await deps.queue.enqueue(id);
  } catch (err) {
    deps.logger.warn({ err, executionId: id }, 'enqueue failed after commit; the recovery sweep will enqueue it');
  }
  return accepted(id);
}

export function accepted(executionId: string): IngestResponse {
  return {
    status: 202,
    headers: { location: `/api/executions/${executionId}` },
    body: { executionId, status: 'queued' },
  };
}

function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = REDACTED_HEADERS.has(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

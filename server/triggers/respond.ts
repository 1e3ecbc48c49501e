// How an accepted request is answered: async (202 + execution id), static (a fixed or
// templated acknowledgement), or sync (wait for the execution's result, falling back to 202).
import type { Logger } from 'pino';
import { evaluateValue } from '../engine/expressions.ts';
import type { TriggerInput } from '../http/api-types.ts';
import { isReservedHookHeader } from '../lib/hook-response-headers.ts';
import type { ExecutionResult } from '../queue/result-bus.ts';
import type { CompiledResponse } from './compile-trigger.ts';

export type IngestResponse = { status: number; headers: Record<string, string>; body: unknown };

export function accepted(executionId: string): IngestResponse {
  return {
    status: 202,
    headers: { location: `/api/executions/${executionId}` },
    body: { executionId, status: 'queued' },
  };
}

export function duplicate(executionId: string): IngestResponse {
  return {
    status: 200,
    headers: { location: `/api/executions/${executionId}` },
    body: { executionId, status: 'duplicate' },
  };
}

/** Headers a workflow may not set: they belong to the HTTP framing, not the reply (and the
 * isolation headers and cookies of lib/hook-response-headers.ts belong to the server). */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

function headersOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const name = k.toLowerCase();
    if (
      FRAMING_HEADERS.has(name) ||
      isReservedHookHeader(name) ||
      v === undefined ||
      v === null ||
      !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)
    ) {
      continue;
    }
    out[name] = String(v).replace(/[\r\n]/g, ' ');
  }
  return out;
}

export async function staticResponse(
  response: Extract<CompiledResponse, { mode: 'static' }>,
  input: TriggerInput,
  execution: { id: string; workflowId: string },
  logger: Logger,
): Promise<IngestResponse> {
  const ctx = { trigger: input, steps: {}, execution };
  try {
    const [headers, body] = await Promise.all([
      evaluateValue(response.headers, ctx, { boundedWait: true }),
      evaluateValue(response.body, ctx, { boundedWait: true }),
    ]);
    return { status: response.status, headers: headersOf(headers), body: body ?? null };
  } catch (err) {
    // The execution is committed: the sender must get a 2xx, even if the template failed.
    logger.warn({ err, executionId: execution.id }, 'static response template failed');
    return { status: response.status, headers: {}, body: null };
  }
}

/**
 * What the engine publishes when a `respond` step ran (issue-5's engine adds `response` to
 * the result; the intersection keeps this file compatible with the result type either way).
 */
type ResultWithResponse = ExecutionResult & {
  response?: { status: number; headers?: Record<string, string>; body?: unknown } | null;
};

/**
 * The reply of a finished execution: a respond step's `{status, headers, body}` when one
 * ran, otherwise the last step's output as JSON (200), or a 500 naming the failure.
 */
export function syncResponse(result: ResultWithResponse): IngestResponse {
  const r = result.response;
  if (r) {
    const status = Number.isInteger(r.status) && r.status >= 200 && r.status <= 599 ? r.status : 200;
    return {
      status,
      headers: { ...headersOf(r.headers), 'x-hookflow-execution-id': result.executionId },
      body: r.body ?? null,
    };
  }
  const headers = { 'x-hookflow-execution-id': result.executionId };
  if (result.status === 'failed') {
    return {
      status: 500,
      headers,
      body: {
        error: {
          code: 'execution_failed',
          message: result.error?.message ?? 'the execution failed',
          details: { executionId: result.executionId, stepId: result.error?.stepId },
        },
      },
    };
  }
  return { status: 200, headers, body: result.result ?? null };
}

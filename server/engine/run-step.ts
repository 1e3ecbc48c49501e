// Runs one attempt of one step: evaluate its params, call the node with a deadline, and
// describe the outcome. Persisting the outcome is the caller's job.
import { parseDuration } from '../lib/duration.ts';
import { errorMessage } from '../lib/errors.ts';
import type { NodeContext, NodeResult, NodeServices } from '../nodes/define-node.ts';
import { StepTimeoutError } from '../nodes/step-errors.ts';
import type { ErrorInfo } from '../store/store.ts';
import type { CompiledStep } from './compile-workflow.ts';
import { type ExpressionContext, evaluateValue } from './expressions.ts';
import { assertEvaluatedParams } from './param-validation.ts';

export type StepAttempt =
  | { ok: true; input: unknown; result: NodeResult }
  | { ok: false; input: unknown; error: unknown; info: ErrorInfo };

export type StepRunContext = {
  executionId: string;
  workflowId: string;
  key: string;
  attempt: number;
  services: NodeServices;
  defaultTimeoutMs: number;
  expressions: ExpressionContext;
  resume?: unknown;
  inputs: Record<string, unknown>;
  /** Aborts the attempt at once (the lease was lost): its outcome will not be recorded. */
  halt?: AbortSignal;
};

// Given to pure nodes, which have nothing to abort (see below).
const NEVER_ABORTED = new AbortController().signal;

export async function runStepAttempt(step: CompiledStep, ctx: StepRunContext): Promise<StepAttempt> {
  let input: unknown = null;
  const timeoutMs = parseDuration(step.spec.timeout, ctx.defaultTimeoutMs);
  let timer: NodeJS.Timeout | undefined;
  let onHalt: (() => void) | undefined;
  try {
    input = await evaluateValue(step.params, ctx.expressions);
    // Static params were validated when the workflow was saved; computed ones only now.
    if (step.params.kind !== 'static') assertEvaluatedParams(step.node, input);
    if (step.node.pure) {
      // A pure node computes its output from its params, without I/O: there is nothing for
      // a deadline to interrupt or a signal to abort (a slow expression was bounded while
      // its params were evaluated). Skipping the race saves a controller, a timer and two
      // listeners per step.
      if (ctx.halt?.aborted) throw ctx.halt.reason;
      return { ok: true, input, result: await step.node.execute(input ?? {}, nodeContext(step, ctx, NEVER_ABORTED)) };
    }
    const abort = new AbortController();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new StepTimeoutError(timeoutMs);
        abort.abort(err);
        reject(err);
      }, timeoutMs);
      onHalt = () => {
        abort.abort(ctx.halt?.reason);
        reject(ctx.halt?.reason);
      };
      if (ctx.halt?.aborted) onHalt();
      else ctx.halt?.addEventListener('abort', onHalt, { once: true });
    });
    const result = await Promise.race([step.node.execute(input ?? {}, nodeContext(step, ctx, abort.signal)), deadline]);
    return { ok: true, input, result };
  } catch (error) {
    return { ok: false, input, error, info: errorInfo(error) };
  } finally {
    clearTimeout(timer);
    if (onHalt) ctx.halt?.removeEventListener('abort', onHalt);
  }
}

function nodeContext(step: CompiledStep, ctx: StepRunContext, signal: AbortSignal): NodeContext {
  return {
    execution: { id: ctx.executionId, workflowId: ctx.workflowId },
    stepId: step.spec.id,
    key: ctx.key,
    attempt: ctx.attempt,
    idempotencyKey: `${ctx.executionId}:${ctx.key}`,
    resume: ctx.resume,
    inputs: ctx.inputs,
    signal,
    credentialName: step.spec.credential,
    services: ctx.services,
  };
}

export function errorInfo(err: unknown): ErrorInfo {
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  const message = errorMessage(err);
  // fetch wraps the real reason (ECONNREFUSED, DNS, the SSRF guard) in `cause`.
  const cause = err instanceof Error && err.cause ? errorMessage(err.cause) : null;
  const full = cause && !message.includes(cause) ? `${message}: ${cause}` : message;
  return code ? { message: full, code } : { message: full };
}

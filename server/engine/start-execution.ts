// Executions started from inside Hookflow rather than by a trigger URL: a called workflow,
// an `onError` workflow, a replay. Same rules as ingest: committed first, then enqueued.
import type { TriggerInput } from '../domain/execution.ts';
import { ulid } from '../lib/ids.ts';
import { NonRetryableError } from '../nodes/step-errors.ts';
import type { Store } from '../store/store.ts';

export type InternalStart = {
  workflowId: string;
  /** `CALL` (workflow.call), `ERROR` (onError), or the original method for a replay. */
  method: string;
  body: unknown;
  /** A `workflow.call`: the calling execution and step key, and the child's call depth. */
  caller?: { executionId: string; key: string; depth: number };
  /** A replay keeps the original request as it was. */
  trigger?: TriggerInput;
  /** Makes the start idempotent: a second start with the same key returns the first execution. */
  dedupeKey?: string;
};

const CALL_DEDUPE_MS = 30 * 24 * 3_600_000;

/** Commits a queued execution of the workflow's current version and returns its id. */
export async function createInternalExecution(store: Store, start: InternalStart): Promise<string> {
  const wf = await store.getWorkflow(start.workflowId);
  if (!wf) throw new NonRetryableError(`workflow "${start.workflowId}" does not exist`, 'workflow_not_found');
  const now = Date.now();
  const trigger: TriggerInput = start.trigger ?? {
    method: start.method,
    path: `/workflows/${start.workflowId}`,
    headers: {},
    query: {},
    body: start.body,
    receivedAt: new Date(now).toISOString(),
  };
  const exec = {
    id: ulid(now),
    workflowId: wf.id,
    workflowVersion: wf.version,
    trigger,
    createdAt: now,
    ...(start.caller ? { parentExecutionId: start.caller.executionId, callDepth: start.caller.depth } : {}),
  };
  // A calling step may run again (at-least-once); the same step of the same execution must
  // find the child it already started instead of starting another.
  const key = start.caller ? `call:${start.caller.executionId}:${start.caller.key}` : start.dedupeKey;
  if (key === undefined) {
    await store.createExecution(exec);
    return exec.id;
  }
  const claim = { key, expiresAt: now + CALL_DEDUPE_MS };
  const created = await store.createExecution(exec, claim);
  return created.created ? created.id : created.existingId;
}

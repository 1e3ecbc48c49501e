// What a failure alert says. The same facts go to every channel: a JSON payload for
// webhooks, a subject and text for e-mail. Never credentials, never trigger headers (they
// carry signatures and tokens), never the trigger path (it holds the trigger token); the
// trigger's body and query only when the workflow opts in with `includeInput`.
import type { AlertClaim, ErrorInfo, ExecutionRow } from '../store/store.ts';
import type { WorkflowDocument } from '../workflow/types.ts';

export type ExecutionFailure = {
  exec: ExecutionRow;
  document: WorkflowDocument;
  error: ErrorInfo | null;
  failedAt: number;
};

export type AlertPayload = {
  type: 'execution.failed';
  timestamp: string;
  summary: string;
  data: {
    workflow: { id: string; name: string; version: number };
    execution: { id: string; url: string; startedAt: string | null; failedAt: string };
    error: { stepId: string | null; code: string | null; message: string };
    /** Failures of the same kind that were not alerted since the previous alert. */
    suppressed: { count: number; since: string } | null;
    dedupeWindowMs: number;
    input?: { body: unknown; query: unknown };
  };
};

/** Two failures are "the same" when the same step failed with the same error code. */
export function failureSignature(error: ErrorInfo | null): string {
  return `${error?.stepId ?? '-'}:${error?.code ?? '-'}`;
}

export function executionLink(publicUrl: string, workflowId: string, executionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/workflows/${encodeURIComponent(workflowId)}/executions/${encodeURIComponent(executionId)}`;
}

export function buildAlertPayload(
  failure: ExecutionFailure,
  claim: Extract<AlertClaim, { send: true }>,
  opts: { publicUrl: string; dedupeWindowMs: number },
): AlertPayload {
  const { exec, document, error } = failure;
  const iso = (t: number) => new Date(t).toISOString();
  const suppressed =
    claim.suppressed > 0 && claim.previousAlertAt !== null
      ? { count: claim.suppressed, since: iso(claim.previousAlertAt) }
      : null;
  const where = error?.stepId ? ` at step "${error.stepId}"` : '';
  const code = error?.code ? ` (${error.code})` : '';
  const more = suppressed
    ? ` And ${suppressed.count} more ${suppressed.count === 1 ? 'failure' : 'failures'} since ${suppressed.since}.`
    : '';
  return {
    type: 'execution.failed',
    timestamp: iso(failure.failedAt),
    summary: `Workflow "${document.name}" failed${where}${code}: ${error?.message ?? 'unknown error'}.${more}`,
    data: {
      workflow: { id: exec.workflowId, name: document.name, version: exec.workflowVersion },
      execution: {
        id: exec.id,
        url: executionLink(opts.publicUrl, exec.workflowId, exec.id),
        startedAt: exec.startedAt === null ? null : iso(exec.startedAt),
        failedAt: iso(failure.failedAt),
      },
      error: { stepId: error?.stepId ?? null, code: error?.code ?? null, message: error?.message ?? 'unknown error' },
      suppressed,
      dedupeWindowMs: opts.dedupeWindowMs,
      ...(document.settings?.alerts?.includeInput
        ? { input: { body: exec.trigger.body, query: exec.trigger.query } }
        : {}),
    },
  };
}

export function alertEmail(payload: AlertPayload): { subject: string; text: string } {
  const d = payload.data;
  const lines = [
    payload.summary,
    '',
    `Workflow:  ${d.workflow.name} (${d.workflow.id}, version ${d.workflow.version})`,
    `Execution: ${d.execution.id}`,
    `Failed at: ${d.execution.failedAt}`,
    `Step:      ${d.error.stepId ?? '-'}`,
    `Error:     ${d.error.code ? `[${d.error.code}] ` : ''}${d.error.message}`,
    `Open:      ${d.execution.url}`,
  ];
  if (d.suppressed) {
    lines.push('', `${d.suppressed.count} more failures of this kind were not alerted since ${d.suppressed.since}.`);
  }
  lines.push(
    '',
    `Further failures of this step with this error are counted, not sent, for ${Math.round(d.dedupeWindowMs / 1000)}s.`,
  );
  if (d.input) lines.push('', 'Trigger input:', JSON.stringify(d.input, null, 2));
  const suffix = d.suppressed ? ` (+${d.suppressed.count} more)` : '';
  return {
    subject: `[Hookflow] ${d.workflow.name} failed${d.error.stepId ? ` at ${d.error.stepId}` : ''}${suffix}`,
    text: lines.join('\n'),
  };
}

// The execution's vocabulary, shared by every layer (store rows, engine, triggers, API
// views). The bottom layer: it imports nothing from server/.

export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export type ErrorInfo = { message: string; code?: string; stepId?: string };

/** The request that started an execution, as stored and as expressions see `trigger`. */
export type TriggerInput = {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  receivedAt: string;
  rawBody?: string;
  /** Set on executions started by a `workflow.call` step: the parent is woken when this one finishes. */
  caller?: { executionId: string; key: string; depth?: number };
  /** multipart uploads: content (base64, bounded) referenced from the body as `{file: <index>}`. */
  files?: unknown[];
};

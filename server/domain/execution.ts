// The execution's vocabulary, shared by every layer (store rows, engine, triggers, API
// views). The bottom layer: it imports nothing from server/.

export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export type ErrorInfo = { message: string; code?: string; stepId?: string };

/**
 * Why a waiting step waits, and until when. `retry`: a retry backoff — the next attempt runs
 * when due. `park`: the node asked to wait (a delay, a loop whose iterations wait) and is
 * resumed, same attempt, with `state`. `call`: parked on a called workflow — like `park`,
 * but also re-run when the child finishes early (the execution is woken).
 */
export type StepWait = { kind: 'retry' | 'park' | 'call'; resumeAt: number; state: unknown };

/** The request that started an execution, as stored and as expressions see `trigger`. */
export type TriggerInput = {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  receivedAt: string;
  rawBody?: string;
  /** multipart uploads: content (base64, bounded) referenced from the body as `{file: <index>}`. */
  files?: unknown[];
};

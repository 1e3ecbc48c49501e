// Errors a node type throws to tell the engine what to do next. Anything else thrown by a
// step is treated as retryable (network blips, 5xx) when the step has a retry policy.

/** Retrying cannot help: bad parameters, a 4xx other than 408/429, a 410. */
export class NonRetryableError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(message: string, code = 'step_failed', details?: unknown) {
    super(message);
    this.name = 'NonRetryableError';
    this.code = code;
    this.details = details;
  }
}

/** The remote asked us to come back later (429, 503 with Retry-After). */
export class RetryAfterError extends Error {
  readonly retryAfterMs: number;
  readonly code: string;
  constructor(message: string, retryAfterMs: number, code = 'retry_after') {
    super(message);
    this.name = 'RetryAfterError';
    this.retryAfterMs = retryAfterMs;
    this.code = code;
  }
}

/** A step exceeded its time budget. */
export class StepTimeoutError extends Error {
  readonly code = 'step_timeout';
  constructor(ms: number) {
    super(`step timed out after ${ms} ms`);
    this.name = 'StepTimeoutError';
  }
}

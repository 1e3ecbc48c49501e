// Errors by intent. A user mistake becomes a 4xx with a machine-readable body; anything
// else is an operational failure or a bug and becomes a 500 without internals.

/** A request that cannot be honoured as sent: the caller can fix it. */
export class UserError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;
  constructor(status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.name = 'UserError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string, id: string) => new UserError(404, 'not_found', `${what} "${id}" was not found`);

export const invalid = (message: string, details?: unknown) =>
  new UserError(400, 'validation_failed', message, details);

/** A dependency (store, queue, network) failed; retrying later may succeed. */
export class OperationalError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OperationalError';
    this.code = code;
  }
}

/**
 * The store did not take a write (locked by another process, connection lost, disk full):
 * nothing was committed, and the same request later may well succeed. Trigger callers get
 * `503` with `Retry-After`, never a 2xx, so a sender's retry delivers it.
 */
export const storeUnavailable = (what: string, cause: unknown) =>
  new OperationalError('store_unavailable', `${what} could not be stored right now; retry later`, { cause });

/** Seconds a caller should wait before retrying after an OperationalError. */
export const OPERATIONAL_RETRY_AFTER_SECONDS = 1;

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

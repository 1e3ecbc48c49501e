// What the database and broker integrations tell the engine when a client call fails. A
// connection that could not be made or broke is worth retrying (the server restarts, a
// failover, a full backlog); a refused login, a bad statement or a missing table is not.
import type { RetrySpec } from '../../workflow/types.ts';
import { NonRetryableError } from '../step-errors.ts';

/** Connection failures and transient server errors retry; auth and statement errors never do. */
export const DB_RETRY: RetrySpec = { attempts: 3, backoff: 'exponential', delay: '2s', maxDelay: '1m', jitter: true };

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** The server could not be reached, or the connection broke: retryable. */
export class ConnectionFailedError extends Error {
  readonly code = 'connection_failed';
  constructor(what: string, cause: unknown) {
    super(`${what}: ${describe(cause)}`, { cause });
    this.name = 'ConnectionFailedError';
  }
}

/** The server refused the credential: retrying the same one cannot help. */
export const authFailed = (what: string, cause: unknown) =>
  new NonRetryableError(`${what} refused the credential: ${describe(cause)}`, 'auth_failed');

/** Whether `err` (or anything in its cause chain, or an AggregateError's members) is a network failure. */
export function isConnectionError(err: unknown, extraCodes: ReadonlySet<string> = new Set()): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || extraCodes.has(code))) return true;
    if (e instanceof AggregateError && e.errors.some(visit)) return true;
    return visit((e as { cause?: unknown }).cause);
  };
  return visit(err);
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

/**
 * Settles with `work`, or rejects when the step's time budget runs out first (`onAbort` then
 * cancels what the server is doing, where the protocol can).
 */
export function untilAborted<T>(signal: AbortSignal, work: Promise<T>, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

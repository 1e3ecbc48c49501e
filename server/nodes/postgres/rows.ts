// What the PostgreSQL steps share: their output shape and default retry policy.
import type { RetrySpec } from '../../workflow/types.ts';

/** Connection failures and transient SQLSTATEs retry; auth and statement errors never do. */
export const DB_RETRY: RetrySpec = { attempts: 3, backoff: 'exponential', delay: '2s', maxDelay: '1m', jitter: true };

type Result = readonly unknown[] & { count: number | null; command: string };

export function rowsOut(result: Result, maxRows: number) {
  const rows = result.length > maxRows ? result.slice(0, maxRows) : [...result];
  return {
    rows,
    rowCount: result.count ?? result.length,
    command: result.command,
    truncated: result.length > maxRows,
  };
}

// When an execution may be claimed by a worker, and when the recovery sweep counts it as due,
// written once for every store adapter (as alert-slot-decision.ts is for alerts): the
// predicates in TypeScript are the definition, and the SQL and MongoDB renderings below are
// checked against them by test/unit/store/claim-rules.test.ts. A waiting execution is due
// exactly when claim would take it, so the sweep never re-enqueues what claim would refuse.
import type { ExecutionStatus } from '../domain/execution.ts';

export type ClaimFacts = { status: ExecutionStatus; runAt: number | null; leaseUntil: number | null };

/** Queued; waiting and due (no due time counts as due); or running under an expired or missing lease. */
export function isClaimable(e: ClaimFacts, now: number): boolean {
  switch (e.status) {
    case 'queued':
      return true;
    case 'waiting':
      return (e.runAt ?? 0) <= now;
    case 'running':
      return e.leaseUntil === null || e.leaseUntil < now;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return false;
  }
}

/** What the recovery sweep lists: unfinished, leaving out waiting executions not due by `dueBy`. */
export function isUnfinishedAndDue(e: ClaimFacts, dueBy: number): boolean {
  if (e.status === 'waiting') return (e.runAt ?? 0) <= dueBy;
  return e.status === 'queued' || e.status === 'running';
}

/**
 * SQL (SQLite and PostgreSQL alike) over the columns `status`, `run_at`, `lease_until`.
 * `now` is the SQL text of the parameter holding the time (`?5` in SQLite, `$5` in
 * PostgreSQL): named once, bound once, used twice.
 */
export function claimableSql(now: string): string {
  return `(status = 'queued'
       OR (status = 'waiting' AND COALESCE(run_at, 0) <= ${now})
       OR (status = 'running' AND (lease_until IS NULL OR lease_until < ${now})))`;
}

export function unfinishedAndDueSql(dueBy: string): string {
  return `(status IN ('queued', 'running', 'waiting') AND NOT (status = 'waiting' AND COALESCE(run_at, 0) > ${dueBy}))`;
}

/** Typed as the union, so the filters type-check against the documents' `status`. */
const status = (s: ExecutionStatus): ExecutionStatus => s;

/** MongoDB filters over the fields `status`, `runAt`, `leaseUntil` (`null` also matches a missing field). */
export function claimableFilter(now: number) {
  return {
    $or: [
      { status: status('queued') },
      { status: status('waiting'), $or: [{ runAt: null }, { runAt: { $lte: now } }] },
      { status: status('running'), $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
    ],
  };
}

export function unfinishedAndDueFilter(dueBy: number) {
  return {
    $or: [
      { status: { $in: [status('queued'), status('running')] } },
      { status: status('waiting'), $or: [{ runAt: null }, { runAt: { $lte: dueBy } }] },
    ],
  };
}

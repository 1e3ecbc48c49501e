// Row shapes and their mapping to the store's types, shared by the SQL adapters (sqlite/,
// postgres/): both keep the same columns, JSON as text, and times as epoch milliseconds.
import type { ClaimedExecution, ExecutionRow, StepRecord } from '../store.ts';

export type ExecRow = {
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: ExecutionRow['status'];
  trigger: string;
  parent_execution_id: string | null;
  call_depth: number;
  error: string | null;
  result: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  run_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  claims: number;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  test_run: number | boolean;
  document: string | null;
  replay_of: string | null;
  attempts: string | null;
};

export type StepRow = {
  execution_id: string;
  key: string;
  step_id: string;
  type: string;
  status: StepRecord['status'];
  attempt: number;
  input: string | null;
  output: string | null;
  branches: string | null;
  error: string | null;
  wait: string | null;
  started_at: number;
  finished_at: number | null;
};

export const parse = (s: string | null) => (s === null ? null : JSON.parse(s));
export const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export const toExecution = (r: ExecRow): ExecutionRow => ({
  id: r.id,
  workflowId: r.workflow_id,
  workflowVersion: r.workflow_version,
  status: r.status,
  trigger: JSON.parse(r.trigger),
  parentExecutionId: r.parent_execution_id,
  callDepth: Number(r.call_depth),
  error: parse(r.error),
  result: parse(r.result),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  runAt: r.run_at,
  leaseOwner: r.lease_owner,
  leaseUntil: r.lease_until,
  claims: r.claims,
  testRun: r.test_run === 1 || r.test_run === true,
  document: parse(r.document),
  replayOf: r.replay_of,
  attempts: r.attempts === null ? [] : JSON.parse(r.attempts),
});

/** A claim's row: the execution plus `no_step_records` (SQLite 0/1, PostgreSQL boolean). */
export const toClaimedExecution = (r: ExecRow & { no_step_records: boolean | number }): ClaimedExecution => {
  const exec: ClaimedExecution = toExecution(r);
  if (r.no_step_records === true || r.no_step_records === 1) exec.noStepRecords = true;
  return exec;
};

export const toStep = (r: StepRow): StepRecord => ({
  executionId: r.execution_id,
  key: r.key,
  stepId: r.step_id,
  type: r.type,
  status: r.status,
  attempt: r.attempt,
  input: parse(r.input),
  output: parse(r.output),
  branches: parse(r.branches),
  error: parse(r.error),
  wait: parse(r.wait),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

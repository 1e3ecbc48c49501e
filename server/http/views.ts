// Store rows → API bodies. Epoch ms become ISO strings; the trigger URL is derived from
// PUBLIC_URL so the stored token never leaks into workflow files.
import type { ExecutionRow, StepRecord, WorkflowRow } from '../store/store.ts';
import type { ExecutionRef, ExecutionView, StepRecordView, WorkflowView } from './api-types.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function workflowView(row: WorkflowRow, publicUrl: string, lastExecution: ExecutionRef | null): WorkflowView {
  const triggerUrl = `${publicUrl}/hooks/${row.token}`;
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    version: row.version,
    document: { ...row.document, active: row.active },
    triggerUrl,
    testUrl: `${triggerUrl}/test`,
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
    lastExecution,
  };
}

export function executionRef(row: ExecutionRow): ExecutionRef {
  return { id: row.id, status: row.status, createdAt: iso(row.createdAt) as string };
}

export function executionView(row: ExecutionRow, steps?: StepRecord[]): ExecutionView {
  const view: ExecutionView = {
    id: row.id,
    workflowId: row.workflowId,
    workflowVersion: row.workflowVersion,
    status: row.status,
    trigger: row.trigger,
    parentExecutionId: row.parentExecutionId,
    error: row.error,
    result: row.result,
    createdAt: iso(row.createdAt) as string,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt !== null && row.startedAt !== null ? row.finishedAt - row.startedAt : null,
    testRun: row.testRun === true,
    replayOf: row.replayOf ?? null,
    attempt: (row.attempts?.at(-1)?.attempt ?? 0) + 1,
  };
  if (steps) {
    view.steps = steps.map(stepView);
    view.attempts = (row.attempts ?? []).map((a) => ({
      attempt: a.attempt,
      workflowVersion: a.workflowVersion,
      status: a.status,
      error: a.error,
      startedAt: iso(a.startedAt),
      finishedAt: iso(a.finishedAt),
      steps: a.steps.map(stepView),
    }));
    if (row.testRun) view.document = row.document ?? null;
  }
  return view;
}

export function stepView(s: StepRecord): StepRecordView {
  return {
    key: s.key,
    stepId: s.stepId,
    type: s.type,
    status: s.status,
    attempt: s.attempt,
    input: s.input,
    output: s.output,
    branches: s.branches,
    error: s.error,
    wait: s.wait,
    startedAt: iso(s.startedAt) as string,
    finishedAt: iso(s.finishedAt),
    durationMs: s.finishedAt !== null ? s.finishedAt - s.startedAt : null,
  };
}

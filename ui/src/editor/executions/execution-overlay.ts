import type { ExecutionView, StepRecordView, StepStatus } from '../../../../server/http/api-types.ts';
import type { EdgeSpec } from '../../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../../server/workflow/types.ts';

export type StepRunSummary = {
  status: StepStatus;
  records: StepRecordView[];
  attempts: number;
  durationMs: number | null;
};

// A step inside a loop has one record per item; the node shows the worst outcome among them.
const STATUS_WEIGHT: Record<StepStatus, number> = { failed: 4, running: 3, waiting: 2, succeeded: 1, skipped: 0 };

export function summarizeSteps(execution: ExecutionView | null): Map<string, StepRunSummary> {
  const summaries = new Map<string, StepRunSummary>();
  for (const record of execution?.steps ?? []) {
    const current = summaries.get(record.stepId);
    if (!current) {
      summaries.set(record.stepId, {
        status: record.status,
        records: [record],
        attempts: record.attempt,
        durationMs: record.durationMs,
      });
      continue;
    }
    current.records.push(record);
    current.attempts = Math.max(current.attempts, record.attempt);
    current.durationMs =
      record.durationMs === null ? current.durationMs : (current.durationMs ?? 0) + record.durationMs;
    if (STATUS_WEIGHT[record.status] > STATUS_WEIGHT[current.status]) current.status = record.status;
  }
  return summaries;
}

/** Recorded step outputs by step id, which the expression preview uses as `steps.<id>`. */
export function executionOutputs(execution: ExecutionView | null): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const record of execution?.steps ?? []) {
    if (record.status === 'succeeded' && record.output !== undefined) outputs[record.stepId] = record.output;
  }
  return outputs;
}

/** Whether the execution went along an edge: both ends ran and the branch taken matches. */
export function edgeTaken(edge: EdgeSpec, summaries: Map<string, StepRunSummary>): boolean {
  const target = summaries.get(edge.to);
  if (!target || target.status === 'skipped') return false;
  if (edge.from === TRIGGER_ID) return true;
  const source = summaries.get(edge.from);
  if (!source) return false;
  const branches = source.records.flatMap((record) => record.branches ?? []);
  if (edge.branch === undefined) return source.status !== 'failed' || branches.length === 0;
  return branches.includes(edge.branch) || (edge.branch === 'error' && source.status === 'failed');
}

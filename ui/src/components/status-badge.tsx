import type { ExecutionStatus, StepStatus } from '../../../server/http/api-types.ts';

export function StatusBadge({ status }: { status: ExecutionStatus | StepStatus }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {status}
    </span>
  );
}

import { JsonView } from '../../components/json-view.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useNotify } from '../../components/toasts.tsx';
import { formatDateTime, formatDuration, shortId } from '../../lib/format.ts';
import { useEditor } from '../editor-context.tsx';
import { RunStepButton } from '../test-run/test-run-button.tsx';

/** What this step did in the execution on the canvas: per run, input, output, error and timing. */
export function StepRunData({ stepId }: { stepId: string }) {
  const { execution } = useEditor();
  const notify = useNotify();
  if (!execution) return null;
  const records = (execution.steps ?? []).filter((record) => record.stepId === stepId);
  return (
    <section className="panel-section run-data" data-testid={`run-data-${stepId}`} aria-labelledby={`run-${stepId}`}>
      <div className="panel-row">
        <h3 id={`run-${stepId}`}>In execution {shortId(execution.id)}</h3>
        <RunStepButton stepId={stepId} onError={(message) => notify(`Could not run the step: ${message}`, 'error')} />
      </div>
      {records.length === 0 && <p className="muted">This step did not run in this execution.</p>}
      {records.map((record) => (
        <div key={`${record.key}-${record.attempt}`} className="run-record">
          <p>
            <StatusBadge status={record.status} /> attempt {record.attempt} · {formatDuration(record.durationMs)} ·{' '}
            <span className="muted">{formatDateTime(record.startedAt)}</span>
            {record.key !== record.stepId && <code> {record.key}</code>}
            {record.branches && record.branches.length > 0 && <span> → {record.branches.join(', ')}</span>}
          </p>
          {record.error && (
            <p className="error-text" role="alert">
              {record.error.message}
              {record.error.code && <code> {record.error.code}</code>}
            </p>
          )}
          <details>
            <summary>Input</summary>
            <JsonView value={record.input} label={`Input of ${stepId}`} />
          </details>
          <details open>
            <summary>Output</summary>
            <JsonView value={record.output} label={`Output of ${stepId}`} testId={`run-output-${stepId}`} />
          </details>
        </div>
      ))}
    </section>
  );
}

import { JsonView } from '../../components/json-view.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDateTime, formatDuration, shortId } from '../../lib/format.ts';
import { useEditor } from '../editor-context.tsx';
import { ExecutionHistory } from './execution-history.tsx';
import { summarizeSteps } from './execution-overlay.ts';
import { RerunControls } from './rerun-controls.tsx';
import { stepsInRunOrder } from './run-order.ts';

/** The execution open on the canvas: outcome, steps in order, and replay / retry. */
export function ExecutionDetails() {
  const { execution, openExecution, select, view, doc } = useEditor();
  if (!execution) return null;
  const summaries = summarizeSteps(execution);

  return (
    <section className="execution-details" data-testid="execution-details" aria-labelledby="execution-heading">
      <div className="panel-row">
        <h2 id="execution-heading">
          Execution <code>{shortId(execution.id)}</code>
        </h2>
        <button type="button" className="icon" aria-label="Close execution" onClick={() => openExecution(null)}>
          ×
        </button>
      </div>
      <p>
        <StatusBadge status={execution.status} /> {formatDateTime(execution.createdAt)} ·{' '}
        {formatDuration(execution.durationMs)}
        {execution.testRun ? (
          <span className="run-tag" data-testid="test-run-tag">
            test run
          </span>
        ) : (
          <span className="muted" data-testid="ran-version">
            {' '}
            · ran version {execution.workflowVersion}
            {view && execution.workflowVersion === view.version ? ' (current)' : ''}
          </span>
        )}
      </p>
      {execution.error && (
        <p className="error-text" role="alert">
          {execution.error.stepId && <code>{execution.error.stepId}: </code>}
          {execution.error.message}
        </p>
      )}
      <RerunControls execution={execution} currentVersion={view?.version ?? null} onStarted={openExecution} />
      <ExecutionHistory execution={execution} onOpen={openExecution} />
      <ol className="step-records">
        {stepsInRunOrder(summaries, doc.edges).map((stepId) => {
          const summary = summaries.get(stepId)!;
          return (
            <li key={stepId}>
              <button
                type="button"
                className="link"
                onClick={() => select([stepId])}
                data-step-link={stepId}
                data-testid={`execution-step-${stepId}`}
              >
                <StatusBadge status={summary.status} /> <code>{stepId}</code>
              </button>{' '}
              <span className="muted small">
                {formatDuration(summary.durationMs)}
                {summary.attempts > 1 && ` · ${summary.attempts} attempts`}
              </span>
            </li>
          );
        })}
      </ol>
      <details>
        <summary>Trigger input</summary>
        <JsonView value={execution.trigger} label="Trigger input" />
      </details>
      {execution.result !== undefined && execution.result !== null && (
        <details>
          <summary>Result</summary>
          <JsonView value={execution.result} label="Execution result" />
        </details>
      )}
    </section>
  );
}

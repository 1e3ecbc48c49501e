import type { ExecutionView } from '../../../../server/http/api-types.ts';
import { errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { JsonView } from '../../components/json-view.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useNotify } from '../../components/toasts.tsx';
import { formatDateTime, formatDuration, shortId } from '../../lib/format.ts';
import { useEditor } from '../editor-context.tsx';
import { summarizeSteps } from './execution-overlay.ts';
import { stepsInRunOrder } from './run-order.ts';

/** The execution open on the canvas: outcome, steps in order, and replay / retry. */
export function ExecutionDetails() {
  const { execution, openExecution, select, view, doc } = useEditor();
  const notify = useNotify();
  if (!execution) return null;
  const summaries = summarizeSteps(execution);

  const rerun = async (kind: 'replay' | 'retry') => {
    try {
      const next: ExecutionView =
        kind === 'replay' ? await api.replayExecution(execution.id) : await api.retryExecution(execution.id);
      notify(kind === 'replay' ? 'Replaying with the same input.' : 'Retrying from the failed step.');
      openExecution(next.id);
    } catch (error) {
      notify(`Could not ${kind}: ${errorMessage(error)}`, 'error');
    }
  };

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
        {view && execution.workflowVersion !== view.version && (
          <span className="muted"> · ran version {execution.workflowVersion}</span>
        )}
      </p>
      {execution.error && (
        <p className="error-text" role="alert">
          {execution.error.stepId && <code>{execution.error.stepId}: </code>}
          {execution.error.message}
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void rerun('replay')}>
          Replay
        </button>
        <button type="button" onClick={() => void rerun('retry')} disabled={execution.status !== 'failed'}>
          Retry from failed step
        </button>
      </div>
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

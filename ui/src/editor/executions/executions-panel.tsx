import { useState } from 'react';
import type { ExecutionStatus } from '../../../../server/http/api-types.ts';
import { errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { formatDuration, formatRelative, shortId } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useEditor } from '../editor-context.tsx';
import { ExecutionDetails } from './execution-details.tsx';

const STATUSES: Array<ExecutionStatus | ''> = ['', 'succeeded', 'failed', 'running', 'queued', 'waiting', 'cancelled'];
const POLL_MS = 2000;

/** Executions of this workflow, newest first, refreshed live; one can be opened on the canvas. */
export function ExecutionsPanel() {
  const { view, execution, openExecution } = useEditor();
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const workflowId = view?.id ?? null;
  const list = useAsync(
    () =>
      workflowId
        ? api.listExecutions({ workflowId, status, limit: 30 })
        : Promise.resolve({ items: [], nextCursor: null }),
    `${workflowId}|${status}`,
    POLL_MS,
  );

  if (!view) return <p className="muted panel-empty">Save the workflow; its executions appear here as they happen.</p>;
  return (
    <div className="executions-panel" data-testid="executions-panel">
      {execution && <ExecutionDetails />}
      <div className="panel-row">
        <h2>Executions</h2>
        <select
          aria-label="Filter by status"
          value={status}
          onChange={(event) => setStatus(event.target.value as ExecutionStatus | '')}
        >
          {STATUSES.map((entry) => (
            <option key={entry} value={entry}>
              {entry === '' ? 'All statuses' : entry}
            </option>
          ))}
        </select>
      </div>
      {list.status === 'error' && <p className="error-text">Could not load executions: {errorMessage(list.error)}</p>}
      {list.data && list.data.items.length === 0 && (
        <p className="muted">
          {status ? `No ${status} executions.` : 'No executions yet. POST to the trigger URL to start one.'}
        </p>
      )}
      <ul className="execution-list">
        {list.data?.items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className={`execution-item${execution?.id === item.id ? ' is-open' : ''}`}
              aria-current={execution?.id === item.id}
              data-testid="execution-item"
              onClick={() => openExecution(item.id)}
            >
              <StatusBadge status={item.status} />
              <code>{shortId(item.id)}</code>
              <span className="muted">{formatRelative(item.createdAt)}</span>
              <span className="muted">{formatDuration(item.durationMs)}</span>
              {item.error && <span className="error-text execution-error">{item.error.message}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { type ExecutionFilters, ExecutionSearch, LoadMore } from '../../executions/execution-search.tsx';
import { useExecutionPages } from '../../executions/use-execution-pages.ts';
import { formatDuration, formatRelative, shortId } from '../../lib/format.ts';
import { useEditor } from '../editor-context.tsx';
import { ExecutionDetails } from './execution-details.tsx';

/** Executions of this workflow, newest first, refreshed live, paged and searchable; one can be opened on the canvas. */
export function ExecutionsPanel() {
  const { view, execution, openExecution } = useEditor();
  const [filters, setFilters] = useState<ExecutionFilters>({ status: '', q: '', kind: 'all' });
  const workflowId = view?.id ?? null;
  const list = useExecutionPages(workflowId ? { workflowId, ...filters } : null);

  if (!view) return <p className="muted panel-empty">Save the workflow; its executions appear here as they happen.</p>;
  const filtered = Boolean(filters.status || filters.q || filters.kind !== 'all');
  return (
    <div className="executions-panel" data-testid="executions-panel">
      {execution && <ExecutionDetails />}
      <div className="panel-row">
        <h2>Executions</h2>
      </div>
      <ExecutionSearch value={filters} onChange={setFilters} />
      {list.status === 'error' && <p className="error-text">Could not load executions: {errorMessage(list.error)}</p>}
      {list.status !== 'loading' && list.items.length === 0 && (
        <p className="muted">
          {filtered
            ? 'No executions match.'
            : 'No executions yet. Press Run to test, or POST to the trigger URL once active.'}
        </p>
      )}
      <ul className="execution-list">
        {list.items.map((item) => (
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
              {item.testRun && <span className="run-tag">test</span>}
              {item.attempt > 1 && <span className="run-tag">attempt {item.attempt}</span>}
              <span className="muted">{formatRelative(item.createdAt)}</span>
              <span className="muted">{formatDuration(item.durationMs)}</span>
              {item.error && <span className="error-text execution-error">{item.error.message}</span>}
            </button>
          </li>
        ))}
      </ul>
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onLoad={() => void list.loadMore()}
        shown={list.items.length}
      />
    </div>
  );
}

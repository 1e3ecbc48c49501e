import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDateTime, formatDuration, shortId } from '../lib/format.ts';
import { navigate, workflowPath } from '../lib/router.ts';
import { type ExecutionFilters, ExecutionSearch, LoadMore } from './execution-search.tsx';
import { useExecutionPages } from './use-execution-pages.ts';

/** Executions of every workflow, newest first, paged and searchable; each opens in its workflow's editor. */
export default function ExecutionsPage() {
  const [filters, setFilters] = useState<ExecutionFilters>({ status: '', q: '', kind: 'all' });
  const list = useExecutionPages(filters);
  return (
    <main className="list-page" data-testid="all-executions">
      <header className="page-header">
        <h1>Executions</h1>
      </header>
      <ExecutionSearch value={filters} onChange={setFilters} />
      {list.status === 'error' && (
        <p className="banner banner-error">Could not load executions: {errorMessage(list.error)}</p>
      )}
      {list.status !== 'loading' && list.items.length === 0 && <p className="muted">No executions match.</p>}
      <table className="executions-table">
        <thead>
          <tr>
            <th>Status</th>
            <th>Execution</th>
            <th>Workflow</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((item) => (
            <tr key={item.id} data-testid="all-executions-row">
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                <a
                  href={workflowPath(item.workflowId, item.id)}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(workflowPath(item.workflowId, item.id));
                  }}
                >
                  <code>{shortId(item.id)}</code>
                </a>
                {item.testRun && <span className="run-tag">test</span>}
                {item.attempt > 1 && <span className="run-tag">attempt {item.attempt}</span>}
              </td>
              <td>
                {item.workflowId} <span className="muted small">v{item.workflowVersion}</span>
              </td>
              <td className="muted">{formatDateTime(item.createdAt)}</td>
              <td className="muted">{formatDuration(item.durationMs)}</td>
              <td className="error-text small">{item.error?.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onLoad={() => void list.loadMore()}
        shown={list.items.length}
      />
    </main>
  );
}

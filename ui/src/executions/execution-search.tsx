import { useEffect, useState } from 'react';
import type { ExecutionStatus } from '../../../server/http/api-types.ts';
import type { ExecutionQuery } from '../api/endpoints.ts';

const STATUSES: Array<ExecutionStatus | ''> = ['', 'succeeded', 'failed', 'running', 'queued', 'waiting', 'cancelled'];
const KINDS: Array<[NonNullable<ExecutionQuery['kind']>, string]> = [
  ['all', 'Live and test runs'],
  ['production', 'Live runs'],
  ['test', 'Test runs'],
];

export type ExecutionFilters = Pick<ExecutionQuery, 'status' | 'q' | 'kind'>;

/** Search (an execution id or payload text, applied after a pause in typing), status and kind. */
export function ExecutionSearch({
  value,
  onChange,
}: {
  value: ExecutionFilters;
  onChange: (next: ExecutionFilters) => void;
}) {
  const [text, setText] = useState(value.q ?? '');
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === (value.q ?? '')) return;
    const timer = window.setTimeout(() => onChange({ ...value, q: trimmed }), 300);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="execution-search">
      <input
        type="search"
        aria-label="Search executions"
        placeholder="Execution id or payload text"
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
        data-testid="execution-search"
      />
      <select
        aria-label="Filter by status"
        value={value.status ?? ''}
        onChange={(event) => onChange({ ...value, status: event.target.value as ExecutionStatus | '' })}
      >
        {STATUSES.map((entry) => (
          <option key={entry} value={entry}>
            {entry === '' ? 'All statuses' : entry}
          </option>
        ))}
      </select>
      <select
        aria-label="Live or test runs"
        value={value.kind ?? 'all'}
        onChange={(event) => onChange({ ...value, kind: event.target.value as ExecutionFilters['kind'] })}
      >
        {KINDS.map(([kind, label]) => (
          <option key={kind} value={kind}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The "Load more" row at the end of a paged list; also loads when scrolled into view. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  shown,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  shown: number;
}) {
  const [sentinel, setSentinel] = useState<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (!sentinel || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoad();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [sentinel, hasMore, onLoad]);
  return (
    <p className="muted small load-more">
      {shown} shown
      {hasMore && (
        <>
          {' · '}
          <button
            type="button"
            className="link"
            ref={setSentinel}
            onClick={onLoad}
            disabled={loading}
            data-testid="load-more"
          >
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </>
      )}
    </p>
  );
}

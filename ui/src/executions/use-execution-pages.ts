import { useEffect, useState } from 'react';
import type { ExecutionList, ExecutionView } from '../../../server/http/api-types.ts';
import { api, type ExecutionQuery } from '../api/endpoints.ts';
import { useAsync } from '../lib/use-async.ts';

export const PAGE_SIZE = 30;
const POLL_MS = 2000;

/**
 * Executions matching `query`, newest first: the first page refreshes live, older pages are
 * appended through the server's cursor on demand ("Load more" / scrolling to the end).
 */
export function useExecutionPages(query: ExecutionQuery | null) {
  const key = JSON.stringify(query);
  const first = useAsync<ExecutionList>(
    () =>
      query ? api.listExecutions({ ...query, limit: PAGE_SIZE }) : Promise.resolve({ items: [], nextCursor: null }),
    key,
    POLL_MS,
  );
  const [older, setOlder] = useState<{ key: string; items: ExecutionView[]; nextCursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  // Older pages belong to the filters they were loaded with.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the filters
  useEffect(() => {
    setOlder(null);
    setMoreError(null);
  }, [key]);

  const firstItems = first.data?.items ?? [];
  const seen = new Set(firstItems.map((item) => item.id));
  // Older pages hold a copy of the first page as it was when paging began, so they run on
  // without a hole from it. When so many executions arrived since that the live first page no
  // longer reaches them (ids sort by time), there is a hole: start over from the live page.
  const firstOldest = firstItems.at(-1)?.id;
  const reaches = (p: NonNullable<typeof older>) =>
    p.items.length === 0 || firstOldest === undefined || firstOldest <= p.items[0].id;
  const pages = older?.key === key && reaches(older) ? older : null;
  const items = [...firstItems, ...(pages?.items ?? []).filter((item) => !seen.has(item.id))];
  const nextCursor = pages ? pages.nextCursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!query || !nextCursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.listExecutions({ ...query, limit: PAGE_SIZE, cursor: nextCursor });
      setOlder({ key, items: [...(pages ? pages.items : firstItems), ...page.items], nextCursor: page.nextCursor });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    status: first.status,
    error: first.error ?? moreError,
    items,
    hasMore: nextCursor !== null,
    loadingMore,
    loadMore,
  };
}

import { useSyncExternalStore } from 'react';

// Two screens and a handful of URLs do not warrant a routing library: the History API plus a
// subscription is enough, and the server falls back to index.html for any editor URL.

/** Returns false to hold the navigation (it may resume it later with `force`). */
type NavigationGuard = (to: string) => boolean;
const listeners = new Set<() => void>();
let guard: NavigationGuard | null = null;

function notify() {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname + window.location.search,
    () => '/',
  );
}

/** Navigates within the app unless the current screen's guard (unsaved changes) refuses. */
export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  if (!options.force && guard && !guard(to)) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function setNavigationGuard(next: NavigationGuard | null): void {
  guard = next;
}

export type Route =
  | { name: 'list' }
  | { name: 'executions' }
  | { name: 'new'; title: string; id: string | null }
  | { name: 'editor'; workflowId: string; executionId: string | null }
  | { name: 'credentials' }
  | { name: 'users' }
  | { name: 'account' }
  | { name: 'templates' }
  | { name: 'not-found' };

const PAGES = ['credentials', 'users', 'account', 'templates', 'executions'] as const;

export function parseRoute(location: string): Route {
  const url = new URL(location, 'http://x');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'workflows')) return { name: 'list' };
  const page = PAGES.find((p) => parts.length === 1 && parts[0] === p);
  if (page) return { name: page };
  if (parts[0] === 'workflows' && parts[1] === 'new' && parts.length === 2) {
    return { name: 'new', title: url.searchParams.get('name') ?? 'Untitled workflow', id: url.searchParams.get('id') };
  }
  if (parts[0] === 'workflows' && parts.length === 2)
    return { name: 'editor', workflowId: parts[1], executionId: null };
  if (parts[0] === 'workflows' && parts.length === 4 && parts[2] === 'executions') {
    return { name: 'editor', workflowId: parts[1], executionId: parts[3] };
  }
  return { name: 'not-found' };
}

export function workflowPath(id: string, executionId?: string | null): string {
  const base = `/workflows/${encodeURIComponent(id)}`;
  return executionId ? `${base}/executions/${encodeURIComponent(executionId)}` : base;
}

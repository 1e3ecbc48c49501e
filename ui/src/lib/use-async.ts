import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: unknown };

/**
 * Loads data, again whenever `key` changes, on demand, and every `pollMs` while the tab is
 * visible. Keeps the previous data while reloading so lists do not flicker during live updates.
 */
export function useAsync<T>(load: () => Promise<T>, key: string, pollMs?: number) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: null, error: null });
  const generation = useRef(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads
  const run = useCallback(() => {
    const current = ++generation.current;
    return latestLoad.current().then(
      (data) => {
        if (current === generation.current) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (current === generation.current) setState((previous) => ({ status: 'error', data: previous.data, error }));
      },
    );
  }, [key]);

  useEffect(() => {
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }) as AsyncState<T>);
    void run();
    const timer = pollMs
      ? window.setInterval(() => {
          if (document.visibilityState === 'visible') void run();
        }, pollMs)
      : undefined;
    return () => {
      window.clearInterval(timer);
      generation.current++;
    };
  }, [run, pollMs]);

  return { ...state, reload: run };
}

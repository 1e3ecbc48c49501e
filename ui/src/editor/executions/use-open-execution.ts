import { useEffect, useState } from 'react';
import type { ExecutionStatus, ExecutionView } from '../../../../server/http/api-types.ts';
import { api } from '../../api/endpoints.ts';

const UNFINISHED: ExecutionStatus[] = ['queued', 'running', 'waiting'];

/** Dispatched on window with the execution id when it changed under the editor (a retry
 * reopens the same execution, so its URL does not change): the open copy reloads. */
export const EXECUTION_CHANGED_EVENT = 'hookflow:execution-changed';
const POLL_MS = 1000;

export function isFinished(status: ExecutionStatus): boolean {
  return !UNFINISHED.includes(status);
}

/** The execution shown on the canvas, refreshed until it finishes so nodes colour in live. */
export function useOpenExecution(workflowId: string | null, executionId: string | null): ExecutionView | null {
  const [execution, setExecution] = useState<ExecutionView | null>(null);
  useEffect(() => {
    if (!workflowId || !executionId) {
      setExecution(null);
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await api.getExecution(executionId);
        if (cancelled) return;
        setExecution(next);
        if (!isFinished(next.status)) timer = setTimeout(load, POLL_MS);
      } catch {
        if (!cancelled) timer = setTimeout(load, POLL_MS * 3);
      }
    };
    void load();
    const onChanged = (event: Event) => {
      if ((event as CustomEvent<string>).detail !== executionId) return;
      clearTimeout(timer);
      void load();
    };
    window.addEventListener(EXECUTION_CHANGED_EVENT, onChanged);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener(EXECUTION_CHANGED_EVENT, onChanged);
    };
  }, [workflowId, executionId]);
  return execution;
}

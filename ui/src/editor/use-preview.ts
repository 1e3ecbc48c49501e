import { useEffect, useMemo, useState } from 'react';
import type { ExecutionView, WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { api } from '../api/endpoints.ts';
import { type PreviewInputs, previewStepOutputs } from '../expressions/preview-scope.ts';
import { shortId } from '../lib/format.ts';
import type { SampleChoice } from './editor-context.tsx';
import { executionOutputs } from './executions/execution-overlay.ts';

/** Preview inputs and the step outputs derived from them, recomputed shortly after each edit. */
export function usePreview(doc: WorkflowDocument, sample: SampleChoice | null, execution: ExecutionView | null) {
  const previewInputs = useMemo<PreviewInputs>(
    () => ({
      sample: sample?.input ?? null,
      executionOutputs: executionOutputs(execution),
      executionId: execution?.id ?? null,
      workflowId: doc.id,
    }),
    [sample, execution, doc.id],
  );
  const [previewOutputs, setPreviewOutputs] = useState<Record<string, unknown>>({});
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      void previewStepOutputs(doc, previewInputs).then((outputs) => {
        if (!cancelled) setPreviewOutputs(outputs);
      });
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc, previewInputs]);
  return { previewInputs, previewOutputs };
}

/**
 * Picks the first preview sample for a saved workflow: the newest captured test request, else
 * the trigger input of the newest execution. Endpoints that are missing or fail leave no sample.
 */
export function useInitialSample(view: WorkflowView | null, setSample: (sample: SampleChoice) => void) {
  const workflowId = view?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the workflow first becomes known
  useEffect(() => {
    if (!workflowId) return;
    let cancelled = false;
    void (async () => {
      const samples = await api.listSamples(workflowId).catch(() => null);
      const captured = samples?.items.at(0);
      if (captured) {
        if (!cancelled) setSample({ input: captured, label: 'latest captured test request' });
        return;
      }
      const executions = await api.listExecutions({ workflowId, limit: 1 }).catch(() => null);
      const latest = executions?.items.at(0);
      if (latest && !cancelled)
        setSample({ input: latest.trigger, label: `trigger of execution ${shortId(latest.id)}` });
    })();
    return () => {
      cancelled = true;
    };
  }, [workflowId]);
}

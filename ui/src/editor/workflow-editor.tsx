import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { ExecutionView, NodeTypeView, WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import type { CredentialSummary } from '../api/endpoints.ts';
import { shortId } from '../lib/format.ts';
import { navigate, workflowPath } from '../lib/router.ts';
import type { NodeCatalog } from '../workflow/node-catalog.ts';
import { historyReducer, initialHistory } from './document-history.ts';
import { EditorBody } from './editor-body.tsx';
import { EditorContext, type EditorContextValue, type EditRecipe, type SampleChoice } from './editor-context.tsx';
import { useOpenExecution } from './executions/use-open-execution.ts';
import { Toolbar } from './toolbar.tsx';
import { UnsavedGuard } from './unsaved-guard.tsx';
import { useInitialSample, usePreview } from './use-preview.ts';
import { useSave } from './use-save.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useValidation } from './use-validation.ts';

type Props = {
  initialView: WorkflowView | null;
  initialDoc: WorkflowDocument;
  nodeTypes: NodeTypeView[];
  nodeTypesError: string | null;
  catalog: NodeCatalog;
  credentials: CredentialSummary[];
  executionId: string | null;
  onViewChange: (view: WorkflowView) => void;
};

// `active` belongs to the server (toggled by its own endpoints), so it does not make a draft dirty.
const comparable = ({ active: _active, ...rest }: WorkflowDocument) => JSON.stringify(rest);

export function WorkflowEditor(props: Props) {
  const { initialView, initialDoc, catalog, credentials, executionId } = props;
  const [history, dispatch] = useReducer(historyReducer, initialDoc, initialHistory);
  const doc = history.present;
  const [view, setViewState] = useState(initialView);
  const [savedJson, setSavedJson] = useState(() => (initialView ? comparable(initialDoc) : null));
  const [selectedNodeIds, setSelectedNodeIds] = useState<string[]>([]);
  const [sample, setSample] = useState<SampleChoice | null>(null);
  const dirty = savedJson === null || savedJson !== comparable(doc);

  const setView = useCallback(
    (next: WorkflowView) => {
      setViewState(next);
      props.onViewChange(next);
    },
    [props.onViewChange],
  );
  const edit = useCallback((recipe: EditRecipe, coalesce?: string) => dispatch({ type: 'edit', recipe, coalesce }), []);
  const execution = useOpenExecution(view?.id ?? null, executionId);
  const openExecution = useCallback(
    (id: string | null) => {
      if (view) navigate(workflowPath(view.id, id), { force: true });
    },
    [view],
  );
  // Opening an execution previews expressions on what that run actually received.
  useEffect(() => {
    if (execution?.trigger)
      setSample({ input: execution.trigger, label: `trigger of execution ${shortId(execution.id)}` });
  }, [execution?.id, execution?.trigger]);
  useInitialSample(view, setSample);

  const { problems, setRemoteProblems } = useValidation(doc, catalog);
  const { previewInputs, previewOutputs } = usePreview(doc, sample, execution);
  const { save, setActive, busy } = useSave({
    doc,
    view,
    dirty,
    onSaved: (next: WorkflowView, savedDoc: WorkflowDocument) => {
      setView(next);
      setSavedJson(comparable(savedDoc));
    },
    onViewChange: setView,
    onServerProblems: setRemoteProblems,
  });
  useShortcuts({
    undo: () => dispatch({ type: 'undo' }),
    redo: () => dispatch({ type: 'redo' }),
    save: () => void save(),
  });

  const value = useMemo<EditorContextValue>(
    () => ({
      doc,
      edit,
      catalog,
      credentials,
      view,
      setView,
      problems,
      selectedNodeIds,
      select: setSelectedNodeIds,
      sample,
      setSample,
      previewInputs,
      previewOutputs,
      execution: execution as ExecutionView | null,
      openExecution,
    }),
    [
      doc,
      edit,
      catalog,
      credentials,
      view,
      setView,
      problems,
      selectedNodeIds,
      sample,
      previewInputs,
      previewOutputs,
      execution,
      openExecution,
    ],
  );

  return (
    <EditorContext.Provider value={value}>
      <ReactFlowProvider>
        <div className="editor">
          <Toolbar
            dirty={dirty}
            busy={busy}
            canUndo={history.past.length > 0}
            canRedo={history.future.length > 0}
            onUndo={() => dispatch({ type: 'undo' })}
            onRedo={() => dispatch({ type: 'redo' })}
            onSave={() => void save()}
            onToggleActive={(active) => void setActive(active)}
          />
          <EditorBody nodeTypes={props.nodeTypes} nodeTypesError={props.nodeTypesError} />
        </div>
        <UnsavedGuard dirty={dirty} />
      </ReactFlowProvider>
    </EditorContext.Provider>
  );
}

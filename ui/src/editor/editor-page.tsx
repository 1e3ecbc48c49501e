import { useEffect, useMemo, useRef, useState } from 'react';
import type { WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { withCompleteLayout } from '../workflow/auto-layout.ts';
import { newWorkflowDocument } from '../workflow/document-io.ts';
import { toCatalog } from '../workflow/node-catalog.ts';
import { canvasArea } from './canvas/canvas-area.ts';
import '@xyflow/react/dist/style.css';
import './editor.css';
import { WorkflowEditor } from './workflow-editor.tsx';

type Props =
  | { mode: 'new'; title: string; id: string | null }
  | { mode: 'edit'; workflowId: string; executionId: string | null };

type Loaded = { view: WorkflowView | null; doc: WorkflowDocument; generation: number };

/** Loads what the editor needs: the workflow (or a new draft), the node catalogue, credential names. */
export default function EditorPage(props: Props) {
  const nodeTypes = useAsync(() => api.listNodeTypes(), 'node-types');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Credential names are only suggestions for credential fields; skip the request when nothing asks for one.
  const needsCredentials =
    (nodeTypes.data?.items.some((item) => item.credentialTypes.length > 0) ?? false) ||
    (loaded?.doc.trigger.auth !== undefined && loaded.doc.trigger.auth.type !== 'none');
  const credentials = useAsync(
    () => (needsCredentials ? api.listCredentials().catch(() => ({ items: [] })) : Promise.resolve({ items: [] })),
    `credentials:${needsCredentials}`,
  );
  const [error, setError] = useState<unknown>(null);
  // The view the open editor last reported, so that saving a draft (which moves the URL from
  // /workflows/new to /workflows/:id) does not reload the editor and lose its undo history.
  const current = useRef<WorkflowView | null>(null);
  const workflowId = props.mode === 'edit' ? props.workflowId : null;
  const draftKey = props.mode === 'new' ? `${props.title}|${props.id}` : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the workflow being edited
  useEffect(() => {
    let cancelled = false;
    setError(null);
    if (props.mode === 'new') {
      current.current = null;
      setLoaded((previous) => ({
        view: null,
        doc: newWorkflowDocument(props.title, props.id ?? undefined),
        generation: (previous?.generation ?? 0) + 1,
      }));
      return;
    }
    if (current.current?.id === workflowId) return;
    setLoaded(null);
    api
      .getWorkflow(props.workflowId)
      .then(async (view) => {
        // A saved draft with problems is where the editing left off; the version keeps running.
        const source = view.draft ? (view.draft.document as WorkflowDocument) : view.document;
        const doc = await withCompleteLayout({ ...source, active: view.active }, canvasArea());
        if (cancelled) return;
        current.current = view;
        setLoaded((previous) => ({ view, doc, generation: (previous?.generation ?? 0) + 1 }));
      })
      .catch((cause: unknown) => {
        if (!cancelled) setError(cause);
      });
    return () => {
      cancelled = true;
    };
  }, [workflowId, draftKey]);

  const catalog = useMemo(() => toCatalog(nodeTypes.data?.items ?? []), [nodeTypes.data]);

  if (error) {
    return (
      <main className="list-page">
        <p className="banner banner-error">Could not open the workflow: {errorMessage(error)}</p>
        <button type="button" onClick={() => navigate('/')}>
          Back to workflows
        </button>
      </main>
    );
  }
  if (!loaded || (nodeTypes.status === 'loading' && !nodeTypes.data)) {
    return <p className="loading-screen muted">Loading the editor…</p>;
  }
  return (
    <WorkflowEditor
      key={loaded.generation}
      initialView={loaded.view}
      initialDoc={loaded.doc}
      nodeTypes={nodeTypes.data?.items ?? []}
      nodeTypesError={
        nodeTypes.status === 'error' ? `Could not load node types: ${errorMessage(nodeTypes.error)}` : null
      }
      catalog={catalog}
      credentials={credentials.data?.items ?? []}
      executionId={props.mode === 'edit' ? props.executionId : null}
      onViewChange={(view) => {
        current.current = view;
      }}
    />
  );
}

import { useRef, useState } from 'react';
import type { WorkflowView } from '../../../server/http/api-types.ts';
import { errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { canEdit, useSession } from '../auth/session-context.ts';
import { ConfirmDialog } from '../components/modal.tsx';
import { useNotify } from '../components/toasts.tsx';
import { downloadText } from '../lib/browser.ts';
import { navigate, workflowPath } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { serializeWorkflowFile } from '../workflow/document-io.ts';
import { allTags, filterWorkflows } from '../workflow/tags.ts';
import { useImportWorkflow } from './import-workflow.tsx';
import { NewWorkflowDialog } from './new-workflow-dialog.tsx';
import { WorkflowFilters } from './workflow-filters.tsx';
import { WorkflowRow } from './workflow-row.tsx';

export function WorkflowListPage() {
  const notify = useNotify();
  const editor = canEdit(useSession().user.role);
  const list = useAsync(() => api.listWorkflows(), 'workflows', 5000);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<WorkflowView | null>(null);
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importer = useImportWorkflow((view) => navigate(workflowPath(view.id)));

  const remove = async (view: WorkflowView) => {
    setDeleting(null);
    try {
      await api.deleteWorkflow(view.id);
      notify(`Deleted "${view.name}".`);
      void list.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  const items = list.data?.items ?? [];
  const tags = allTags(items);
  // A tag that no workflow carries any more (deleted, renamed) filters nothing out.
  const activeTag = tag !== null && tags.includes(tag) ? tag : null;
  const shown = filterWorkflows(items, query, activeTag);
  return (
    <main className="list-page">
      <header className="page-header">
        <h1>
          <span className="logo" aria-hidden="true" /> Workflows
        </h1>
        <div className="actions" style={editor ? undefined : { display: 'none' }}>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void importer.importFile(file);
            }}
          />
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import JSON…
          </button>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New workflow
          </button>
        </div>
      </header>

      {list.status === 'error' && (
        <p className="banner banner-error">Could not load workflows: {errorMessage(list.error)}</p>
      )}
      {list.status === 'loading' && !list.data && <p className="muted">Loading…</p>}
      {list.data && items.length === 0 && (
        <section className="empty-state">
          <h2>No workflows yet</h2>
          <p>
            Create one from scratch, or import a file from your repository's <code>workflows/</code> folder.
          </p>
        </section>
      )}
      {items.length > 0 && (
        <WorkflowFilters
          query={query}
          onQuery={setQuery}
          tags={tags}
          tag={activeTag}
          onTag={setTag}
          shown={shown.length}
          total={items.length}
        />
      )}
      {items.length > 0 && shown.length === 0 && <p className="muted">No workflow matches the search.</p>}
      {shown.length > 0 && (
        <table className="workflow-table" aria-label="Workflows">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Last execution</th>
              <th scope="col">Trigger URL</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((view) => (
              <WorkflowRow
                key={view.id}
                view={view}
                onExport={() => downloadText(`${view.id}.json`, serializeWorkflowFile(view.document))}
                onDelete={() => setDeleting(view)}
              />
            ))}
          </tbody>
        </table>
      )}

      {creating && <NewWorkflowDialog existingIds={items.map((view) => view.id)} onClose={() => setCreating(false)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete workflow?"
          message={
            <p>
              “{deleting.name}” and its trigger URL will stop working. Its execution history is kept by the server's
              retention settings.
            </p>
          }
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
      {importer.dialog}
    </main>
  );
}

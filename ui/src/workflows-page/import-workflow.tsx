import { type ReactNode, useState } from 'react';
import type { WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { ApiRequestError, errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { Modal } from '../components/modal.tsx';
import { useNotify } from '../components/toasts.tsx';
import { withCompleteLayout } from '../workflow/auto-layout.ts';
import { parseWorkflowFile } from '../workflow/document-io.ts';

/**
 * Imports a workflow file: lays it out when it has no positions, creates it on the server, and
 * when the id is taken lets the user choose between a new version of it and a copy.
 * An import never puts a trigger URL live: a new workflow or a copy is created inactive, and a
 * new version keeps the existing workflow's state, whatever the file says. Activating it is
 * the user's own act.
 */
export function useImportWorkflow(onImported: (view: WorkflowView) => void): {
  importFile: (file: File) => Promise<void>;
  dialog: ReactNode;
} {
  const notify = useNotify();
  const [conflict, setConflict] = useState<WorkflowDocument | null>(null);

  const finish = (view: WorkflowView) => {
    notify(`Imported "${view.name}".`);
    onImported(view);
  };

  const importFile = async (file: File) => {
    try {
      const { active: _active, ...doc } = await withCompleteLayout(parseWorkflowFile(await file.text()));
      try {
        finish(await api.createWorkflow({ ...doc, active: false }));
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 409) setConflict(doc);
        else throw error;
      }
    } catch (error) {
      notify(`Import failed: ${errorMessage(error)}`, 'error');
    }
  };

  const resolve = async (mode: 'replace' | 'copy') => {
    const doc = conflict;
    setConflict(null);
    if (!doc) return;
    try {
      if (mode === 'replace') finish(await api.updateWorkflow(doc.id, doc));
      else {
        const existing = new Set((await api.listWorkflows()).items.map((view) => view.id));
        let n = 2;
        while (existing.has(`${doc.id}-${n}`)) n++;
        finish(await api.createWorkflow({ ...doc, id: `${doc.id}-${n}`, name: `${doc.name} (copy)`, active: false }));
      }
    } catch (error) {
      notify(`Import failed: ${errorMessage(error)}`, 'error');
    }
  };

  const dialog = conflict && (
    <Modal
      title="This workflow already exists"
      onClose={() => setConflict(null)}
      testId="import-conflict-dialog"
      actions={
        <>
          <button type="button" onClick={() => setConflict(null)}>
            Cancel
          </button>
          <button type="button" onClick={() => void resolve('copy')}>
            Import as a copy
          </button>
          <button type="button" className="primary" onClick={() => void resolve('replace')}>
            Save as new version
          </button>
        </>
      }
    >
      <p>
        A workflow with the id <code>{conflict.id}</code> exists. Save the file as its next version (the history keeps
        the current one), or import it under a new id.
      </p>
    </Modal>
  );
  return { importFile, dialog };
}

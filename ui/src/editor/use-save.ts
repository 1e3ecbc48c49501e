import { useState } from 'react';
import type { ValidationProblem, WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { ApiRequestError, errorMessage } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { useNotify } from '../components/toasts.tsx';
import { navigate, workflowPath } from '../lib/router.ts';
import { type Problem, problemsFromServer } from '../workflow/graph-validation.ts';

type Options = {
  doc: WorkflowDocument;
  view: WorkflowView | null;
  dirty: boolean;
  onSaved: (view: WorkflowView, doc: WorkflowDocument) => void;
  onViewChange: (view: WorkflowView) => void;
  onServerProblems: (problems: Problem[]) => void;
};

/** Save (a new version, or the first one for a draft) and the activation toggle. */
export function useSave({ doc, view, dirty, onSaved, onViewChange, onServerProblems }: Options) {
  const notify = useNotify();
  const [busy, setBusy] = useState<'saving' | 'activating' | null>(null);

  const save = async (): Promise<WorkflowView | null> => {
    setBusy('saving');
    try {
      // The activation state is the server's, toggled by its own endpoints; the document follows it.
      const body = view ? { ...doc, active: view.active } : doc;
      // Saving never blocks on problems: the server keeps such a document as the draft.
      const next = view ? await api.updateWorkflow(view.id, body, true) : await api.createWorkflow(body, true);
      onSaved(next, doc);
      if (!view) navigate(workflowPath(next.id), { replace: true, force: true });
      if (next.draft) {
        onServerProblems(problemsFromServer(doc, next.draft.problems));
        const count = next.draft.problems.length;
        notify(
          `Saved as a draft with ${count} problem${count === 1 ? '' : 's'} (listed at the bottom of the canvas); fix ${count === 1 ? 'it' : 'them'} to activate. Version ${next.version} is unchanged.`,
          'error',
        );
      } else {
        notify(`Saved version ${next.version}.`);
      }
      return next;
    } catch (error) {
      const details = error instanceof ApiRequestError ? validationDetails(error.details) : null;
      if (details) onServerProblems(problemsFromServer(doc, details));
      notify(`Could not save: ${errorMessage(error)}`, 'error');
      return null;
    } finally {
      setBusy(null);
    }
  };

  const setActive = async (active: boolean) => {
    let current = view;
    if (!current || dirty) {
      current = await save();
      if (!current || (active && current.draft)) return;
    }
    setBusy('activating');
    try {
      const next = active ? await api.activate(current.id) : await api.deactivate(current.id);
      onViewChange(next);
      notify(active ? 'Active: the trigger URL now starts executions.' : 'Deactivated: the trigger URL answers 404.');
    } catch (error) {
      const details = error instanceof ApiRequestError ? validationDetails(error.details) : null;
      if (details) onServerProblems(problemsFromServer(doc, details));
      notify(`Could not ${active ? 'activate' : 'deactivate'}: ${errorMessage(error)}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  return { save, setActive, busy };
}

function validationDetails(details: unknown): ValidationProblem[] | null {
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { errors?: unknown }).errors)
      ? (details as { errors: unknown[] }).errors
      : null;
  if (!list) return null;
  const problems = list.filter(
    (entry): entry is ValidationProblem =>
      !!entry && typeof entry === 'object' && typeof (entry as ValidationProblem).message === 'string',
  );
  return problems.map((problem) => ({ pointer: problem.pointer ?? '', message: problem.message }));
}

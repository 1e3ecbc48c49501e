import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { useEditor } from '../editor-context.tsx';
import { TestRunDialog } from './test-run-dialog.tsx';

/** "Run": test the workflow on screen without going live. */
export function TestRunButton() {
  const { view } = useEditor();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={!view}
        title={view ? 'Run what is on the canvas on a sample, without activating' : 'Save once first'}
        data-testid="test-run-button"
      >
        ▶ Run
      </button>
      {open && <TestRunDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/** "Run this step": the step alone (as on screen), on the outputs of the execution that is open. */
export function RunStepButton({ stepId, onError }: { stepId: string; onError: (message: string) => void }) {
  const { view, doc, execution, openExecution } = useEditor();
  const [busy, setBusy] = useState(false);
  if (!view || !execution) return null;
  return (
    <button
      type="button"
      disabled={busy}
      data-testid={`run-step-${stepId}`}
      title="Runs this step as it is now, with the input it had in this execution (a test run)"
      onClick={async () => {
        setBusy(true);
        try {
          const started = await api.testRun(view.id, { document: doc, fromExecution: execution.id, stepId });
          openExecution(started.executionId);
        } catch (error) {
          onError(error instanceof Error ? error.message : String(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy ? 'Starting…' : 'Run this step'}
    </button>
  );
}

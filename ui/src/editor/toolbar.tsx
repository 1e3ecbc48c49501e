import { useReactFlow } from '@xyflow/react';
import { canEdit, useSession } from '../auth/session-context.ts';
import { downloadText } from '../lib/browser.ts';
import { navigate } from '../lib/router.ts';
import { autoLayout, FIT_PADDING } from '../workflow/auto-layout.ts';
import { serializeWorkflowFile } from '../workflow/document-io.ts';
import { afterNextPaint, canvasArea } from './canvas/canvas-area.ts';
import { useEditor } from './editor-context.tsx';
import { TestRunButton } from './test-run/test-run-button.tsx';

type Props = {
  dirty: boolean;
  busy: 'saving' | 'activating' | null;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onSave: () => void;
  onToggleActive: (active: boolean) => void;
};

export function Toolbar({ dirty, busy, canUndo, canRedo, onUndo, onRedo, onSave, onToggleActive }: Props) {
  const { doc, edit, view, problems } = useEditor();
  const { fitView } = useReactFlow();
  const active = view?.active ?? false;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  // The server refuses a viewer's changes anyway; saying so up front beats a 403 after editing.
  const readOnly = !canEdit(useSession().user.role);

  const tidy = async () => {
    const layout = await autoLayout(doc, canvasArea());
    edit((current) => ({ ...current, layout }));
    // Fit once the moved nodes are on the canvas; fitting at once used the old positions and
    // left nodes off screen.
    await afterNextPaint();
    await fitView({ padding: FIT_PADDING, maxZoom: 1, duration: 200 });
  };

  return (
    <header className="toolbar">
      <a
        href="/"
        className="back-link"
        onClick={(event) => {
          event.preventDefault();
          navigate('/');
        }}
      >
        ← Workflows
      </a>
      <input
        className="name-input"
        aria-label="Workflow name"
        value={doc.name}
        onChange={(event) => {
          const name = event.target.value;
          edit((current) => ({ ...current, name }), 'name');
        }}
      />
      <span className="muted small" title="Workflow id">
        {doc.id}
        {view && ` · v${view.version}`}
      </span>
      <span className={`save-state ${dirty ? 'is-dirty' : ''}`} data-testid="save-state">
        {dirty ? (view ? 'Unsaved changes' : 'Not saved yet') : 'Saved'}
      </span>
      <fieldset className="toolbar-group">
        <legend className="visually-hidden">Edit</legend>
        <button type="button" onClick={onUndo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button type="button" onClick={onRedo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
          ↷
        </button>
        <button
          type="button"
          onClick={() => void tidy()}
          title="Lay the graph out in execution order and fit it to the view"
        >
          Auto-layout
        </button>
        <button
          type="button"
          onClick={() => downloadText(`${doc.id}.json`, serializeWorkflowFile(doc))}
          title="Download as a workflows/*.json file"
        >
          Export
        </button>
      </fieldset>
      <div className="toolbar-spacer" />
      {readOnly && (
        <span className="pill" data-testid="read-only" title="Viewers can look at workflows and executions only">
          Read only
        </span>
      )}
      {!readOnly && <TestRunButton />}
      <button
        type="button"
        role="switch"
        aria-checked={active}
        className={`switch ${active ? 'is-on' : ''}`}
        disabled={busy !== null || readOnly}
        onClick={() => onToggleActive(!active)}
        data-testid="active-toggle"
        title={dirty ? 'Saves the changes, then switches' : undefined}
      >
        <span className="switch-knob" aria-hidden="true" />
        {active ? 'Active' : 'Inactive'}
      </button>
      <button
        type="button"
        className="primary"
        onClick={onSave}
        disabled={busy !== null || readOnly}
        data-testid="save-button"
        title={errors > 0 ? `${errors} problem(s) may stop the server from accepting this version` : 'Save (Ctrl+S)'}
      >
        {busy === 'saving' ? 'Saving…' : 'Save'}
      </button>
    </header>
  );
}

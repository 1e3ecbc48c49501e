import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { useNotify } from '../../components/toasts.tsx';
import { useEditor } from '../editor-context.tsx';

export function TriggerUrls() {
  const { view, setView } = useEditor();
  const notify = useNotify();
  const [rotating, setRotating] = useState(false);
  if (!view) {
    return (
      <section className="panel-section">
        <h3>Trigger URL</h3>
        <p className="muted">Save the workflow to get its trigger URL.</p>
      </section>
    );
  }
  const rotate = async () => {
    setRotating(false);
    try {
      setView(await api.rotateToken(view.id));
      notify('New trigger URL issued; the old one no longer works.');
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  return (
    <section className="panel-section" aria-labelledby="trigger-url-heading">
      <h3 id="trigger-url-heading">Trigger URL</h3>
      <div className="url-row">
        <input
          readOnly
          value={view.triggerUrl}
          aria-label="Trigger URL"
          data-testid="trigger-url"
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={view.triggerUrl} label="Copy trigger URL" testId="copy-trigger-url" />
      </div>
      {!view.active && (
        <p className="hint warning-text">The workflow is inactive: this URL answers 404 until you activate it.</p>
      )}
      <label className="sub-label" htmlFor="test-url">
        Test URL <span className="muted">(captures a sample, runs nothing)</span>
      </label>
      <div className="url-row">
        <input
          id="test-url"
          readOnly
          value={view.testUrl}
          data-testid="test-url"
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={view.testUrl} label="Copy test URL" />
      </div>
      <button type="button" className="link" onClick={() => setRotating(true)}>
        Issue a new URL…
      </button>
      {rotating && (
        <ConfirmDialog
          title="Issue a new trigger URL?"
          message={<p>The current URL stops working at once. Update it wherever it is configured.</p>}
          confirmLabel="Issue new URL"
          danger
          onConfirm={() => void rotate()}
          onCancel={() => setRotating(false)}
        />
      )}
    </section>
  );
}

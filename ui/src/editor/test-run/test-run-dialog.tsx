import { useState } from 'react';
import { ApiRequestError, errorMessage } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { Modal } from '../../components/modal.tsx';
import { useEditor } from '../editor-context.tsx';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

/** The input a test run starts from: the chosen sample, else the open execution's, else an empty object. */
function initialInput(ctx: ReturnType<typeof useEditor>) {
  const from = ctx.sample?.input ?? ctx.execution?.trigger ?? null;
  return {
    method: from?.method ?? 'POST',
    headers: JSON.stringify(from?.headers ?? { 'content-type': 'application/json' }, null, 2),
    body: JSON.stringify(from?.body ?? {}, null, 2),
    label: ctx.sample ? ctx.sample.label : ctx.execution ? 'the open execution' : null,
  };
}

function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: text.trim() === '' ? null : JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `${what} is not valid JSON: ${errorMessage(error)}` };
  }
}

/**
 * Runs the document on screen — saved or not, active or not — on an input the user can edit
 * first. The run is a real one (its steps call what they call), marked as a test run.
 */
export function TestRunDialog({ onClose }: { onClose: () => void }) {
  const ctx = useEditor();
  const [initial] = useState(() => initialInput(ctx));
  const [method, setMethod] = useState(initial.method);
  const [headers, setHeaders] = useState(initial.headers);
  const [body, setBody] = useState(initial.body);
  const [error, setError] = useState<{ message: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const parsedBody = parseJson(body, 'The body');
    const parsedHeaders = parseJson(headers, 'The headers');
    if (!parsedBody.ok || !parsedHeaders.ok) {
      setError({
        message: !parsedBody.ok ? parsedBody.message : (parsedHeaders as { message: string }).message,
        details: [],
      });
      return;
    }
    if (!ctx.view) return;
    setBusy(true);
    setError(null);
    try {
      const started = await api.testRun(ctx.view.id, {
        document: ctx.doc,
        input: { method, headers: (parsedHeaders.value ?? {}) as Record<string, string>, body: parsedBody.value },
      });
      ctx.openExecution(started.executionId);
      onClose();
    } catch (failure) {
      const details =
        failure instanceof ApiRequestError && Array.isArray(failure.details)
          ? (failure.details as { pointer: string; message: string }[]).map((p) => `${p.pointer}: ${p.message}`)
          : [];
      setError({ message: errorMessage(failure), details });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Test run"
      onClose={onClose}
      testId="test-run-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={busy}
            data-testid="test-run-start"
          >
            {busy ? 'Starting…' : 'Run'}
          </button>
        </>
      }
    >
      <p className="muted small">
        Runs what is on the canvas now, saved or not, without activating the workflow. Steps really run: an HTTP step
        calls its URL, an e-mail step sends.
        {initial.label && ` The input comes from ${initial.label}; edit it as you like.`}
      </p>
      <label className="field">
        <span>Method</span>
        <select value={method} onChange={(event) => setMethod(event.target.value)} aria-label="Test method">
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Body (JSON)</span>
        <textarea
          rows={10}
          spellCheck={false}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-label="Test body"
          data-testid="test-run-body"
        />
      </label>
      <details>
        <summary>Headers</summary>
        <textarea
          rows={4}
          spellCheck={false}
          value={headers}
          onChange={(event) => setHeaders(event.target.value)}
          aria-label="Test headers"
        />
      </details>
      {error && (
        <div className="error-text" role="alert" data-testid="test-run-error">
          {error.message}
          {error.details.length > 0 && (
            <ul>
              {error.details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}

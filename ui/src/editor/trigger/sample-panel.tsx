import { useId, useState } from 'react';
import { JsonView } from '../../components/json-view.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useEditor } from '../editor-context.tsx';
import { sampleFromText } from './sample-input.ts';
import { TestListener } from './test-listener.tsx';

/** The request that expression previews run on: captured, taken from an execution, or pasted. */
export function SamplePanel() {
  const { sample, setSample } = useEditor();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  const applyPasted = () => {
    try {
      setSample({ input: sampleFromText(text), label: 'pasted sample' });
      setError(null);
    } catch (cause) {
      setError(`Not valid JSON: ${(cause as Error).message}`);
    }
  };

  return (
    <section className="panel-section" aria-labelledby="sample-heading">
      <h3 id="sample-heading">Sample request</h3>
      {sample ? (
        <div data-testid="current-sample">
          <p className="small">
            Using the <strong>{sample.label}</strong> ({sample.input.method}, {formatDateTime(sample.input.receivedAt)}
            ).
          </p>
          <details>
            <summary>Body</summary>
            <JsonView value={sample.input.body} label="Sample body" />
          </details>
          <details>
            <summary>Headers and query</summary>
            <JsonView
              value={{ headers: sample.input.headers, query: sample.input.query }}
              label="Sample headers and query"
            />
          </details>
        </div>
      ) : (
        <p className="muted small">No sample yet. Send a request to the test URL, or paste a payload below.</p>
      )}
      <TestListener />
      <details className="paste-sample">
        <summary>Paste a sample payload</summary>
        <label htmlFor={inputId} className="sub-label">
          JSON body, or a whole request with <code>method</code>, <code>headers</code> and <code>body</code>
        </label>
        <textarea
          id={inputId}
          className="code"
          rows={6}
          spellCheck={false}
          value={text}
          data-testid="sample-input"
          placeholder='{ "email": "ada@example.com", "items": [{ "price": 12, "quantity": 2 }] }'
          onChange={(event) => setText(event.target.value)}
        />
        {error && <p className="error-text">{error}</p>}
        <button type="button" onClick={applyPasted} disabled={text.trim() === ''} data-testid="use-sample">
          Use as sample
        </button>
      </details>
    </section>
  );
}

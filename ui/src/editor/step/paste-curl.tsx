// "Paste cURL" for the HTTP request step: API docs and browsers' "Copy as cURL" give a
// command; it fills method, URL, query, headers and body. Credentials in it (-u, an
// Authorization header) are never written into the step: they are offered as a stored
// credential instead, through the same dialog as the credentials screen.
import { useId, useState } from 'react';
import type { StepSpec } from '../../../../server/workflow/types.ts';
import { type CredentialTypeView, credentialsApi } from '../../api/credentials-api.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { CredentialDialog } from '../../credentials-page/credential-dialog.tsx';
import { CURL_PARAMS, type CurlStep, curlToStep } from '../../lib/curl-to-step.ts';
import { parseCurl } from '../../lib/parse-curl.ts';
import { updateStep } from '../../workflow/document-ops.ts';
import { useEditor } from '../editor-context.tsx';

type Props = { step: StepSpec; onCredentialCreated: (credential: CredentialSummary) => void };

export function PasteCurl({ step, onCredentialCreated }: Props) {
  const { edit, catalog } = useEditor();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CurlStep | null>(null);
  const [types, setTypes] = useState<CredentialTypeView[] | null>(null);
  const [typesError, setTypesError] = useState<string | null>(null);
  const accepted = catalog.get(step.type)?.credentialTypes ?? [];

  const apply = () => {
    let parsed: CurlStep;
    try {
      parsed = curlToStep(parseCurl(text), accepted);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    const params: Record<string, unknown> = { ...step.params };
    for (const name of CURL_PARAMS) delete params[name];
    Object.assign(params, parsed.params);
    // One undo step: the paste replaces the request as a whole.
    edit((current) => updateStep(current, step.id, { params }));
    setError(null);
    setResult(parsed);
    setText('');
    setOpen(false);
  };

  const offerCredential = () => {
    setTypesError(null);
    credentialsApi.types().then(
      (r) => setTypes(r.items),
      (e: unknown) => setTypesError(e instanceof Error ? e.message : String(e)),
    );
  };

  const offer = result?.offer;
  return (
    <div className="paste-curl" data-testid="paste-curl">
      {!open && (
        <button type="button" onClick={() => setOpen(true)}>
          Paste cURL…
        </button>
      )}
      {open && (
        <div className="paste-curl-form">
          <label htmlFor={`${id}-curl`}>cURL command</label>
          <textarea
            id={`${id}-curl`}
            rows={5}
            value={text}
            spellCheck={false}
            placeholder="curl -X POST https://api.example.com/orders -H 'Content-Type: application/json' -d '{…}'"
            onChange={(event) => setText(event.target.value)}
          />
          <p className="hint small">Replaces method, URL, query parameters, headers and body of this step.</p>
          {error && (
            <p className="error-text small" role="alert">
              Cannot read this command: {error}
            </p>
          )}
          <div className="button-row">
            <button type="button" className="primary" disabled={text.trim() === ''} onClick={apply}>
              Fill the step
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <div className="paste-curl-result" role="status">
          <p className="small">Filled from the command: {result.filled.join(', ')}.</p>
          {result.dropped.length > 0 && (
            <ul className="small warning-text">
              {result.dropped.map((d) => (
                <li key={d}>Not used: {d}.</li>
              ))}
            </ul>
          )}
          {offer && step.credential === undefined && (
            <p className="small">
              The command authenticates with {offer.summary}. It was not copied into the headers: secrets belong in a
              stored credential.{' '}
              <button type="button" onClick={offerCredential}>
                Create a credential from it…
              </button>
            </p>
          )}
          {offer && step.credential !== undefined && (
            <p className="small">The step authenticates with the credential “{step.credential}”.</p>
          )}
          {typesError && <p className="error-text small">Cannot load credential types: {typesError}</p>}
        </div>
      )}
      {offer && types && (
        <CredentialDialog
          types={types}
          allowedTypes={[offer.type]}
          initial={{ name: offer.name, values: offer.values }}
          onClose={() => setTypes(null)}
          onSaved={(credential) => {
            setTypes(null);
            onCredentialCreated({ name: credential.name, type: credential.type });
            edit((current) => updateStep(current, step.id, { credential: credential.name }));
          }}
        />
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { isMissingEndpoint } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useEditor } from '../editor-context.tsx';

const POLL_MS = 1500;
const LISTEN_FOR_MS = 120_000;

/** "Listen for a test event": waits for the next request to the test URL and uses it as the sample. */
export function TestListener() {
  const { view, setSample } = useEditor();
  const [state, setState] = useState<'idle' | 'listening' | 'unavailable' | 'timeout'>('idle');
  const workflowId = view?.id ?? null;

  useEffect(() => {
    if (state !== 'listening' || !workflowId) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();
    let seen: string | null | undefined;
    const poll = async () => {
      try {
        const latest = (await api.listSamples(workflowId)).items.at(0) ?? null;
        if (cancelled) return;
        const marker = latest ? `${latest.receivedAt}|${JSON.stringify(latest.body).length}` : null;
        if (seen === undefined) seen = marker;
        else if (latest && marker !== seen) {
          setSample({ input: latest, label: 'captured test request' });
          setState('idle');
          return;
        }
      } catch (error) {
        if (cancelled) return;
        if (isMissingEndpoint(error)) {
          setState('unavailable');
          return;
        }
      }
      if (Date.now() - startedAt > LISTEN_FOR_MS) setState('timeout');
      else timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [state, workflowId, setSample]);

  if (!view) return null;
  return (
    <div className="test-listener" data-testid="test-listener">
      {state === 'listening' ? (
        <>
          <p className="listening" aria-live="polite">
            <span className="pulse" aria-hidden="true" /> Waiting for a request to the test URL…
          </p>
          <pre className="code-sample">{`curl -X POST '${view.testUrl}' \\\n  -H 'content-type: application/json' \\\n  -d '{"hello":"world"}'`}</pre>
          <button type="button" onClick={() => setState('idle')}>
            Stop listening
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setState('listening')}>
          Listen for a test event
        </button>
      )}
      {state === 'unavailable' && (
        <p className="hint warning-text">This server cannot capture test requests yet; paste a sample instead.</p>
      )}
      {state === 'timeout' && <p className="hint">Nothing arrived in two minutes. Listen again when ready.</p>}
    </div>
  );
}

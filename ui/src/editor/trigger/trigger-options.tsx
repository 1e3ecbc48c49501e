import { useId, useMemo } from 'react';
import type { HttpMethod, TriggerResponse } from '../../../../server/workflow/types.ts';
import { ExpressionEditor } from '../../expressions/expression-editor.tsx';
import { ExpressionPreview } from '../../expressions/expression-preview.tsx';
import { expressionBody, toExpressionValue } from '../../expressions/expression-strings.ts';
import { fieldPaths } from '../../expressions/field-paths.ts';
import { JsonTextarea } from '../../forms/json-textarea.tsx';
import { updateTrigger } from '../../workflow/document-ops.ts';
import { useEditor } from '../editor-context.tsx';
import { inferSchema } from './infer-schema.ts';

const METHODS: HttpMethod[] = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

/** Accepted methods, payload schema, de-duplication and what the caller gets back. */
export function TriggerOptions() {
  const { doc, edit, sample } = useEditor();
  const id = useId();
  const trigger = doc.trigger;
  const methods = trigger.methods ?? ['POST'];
  const response: TriggerResponse = trigger.response ?? { mode: 'async' };
  const scope = useMemo(() => ({ trigger: sample?.input ?? {} }), [sample]);
  const paths = useMemo(() => fieldPaths(scope.trigger, 'trigger'), [scope]);
  const dedupeKey = trigger.dedupe?.key ?? '';
  const setResponse = (next: TriggerResponse) =>
    edit((current) => updateTrigger(current, { response: next }), 'response');

  return (
    <>
      <section className="panel-section" aria-labelledby={`${id}-methods`}>
        <h3 id={`${id}-methods`}>Accepted methods</h3>
        <div className="checkbox-row">
          {METHODS.map((method) => (
            <label key={method} className="checkbox">
              <input
                type="checkbox"
                checked={methods.includes(method)}
                onChange={(event) => {
                  const next = event.target.checked
                    ? [...methods, method]
                    : methods.filter((entry) => entry !== method);
                  edit((current) => updateTrigger(current, { methods: next.length > 0 ? next : undefined }));
                }}
              />
              {method}
            </label>
          ))}
        </div>
      </section>

      <details className="panel-section" open={Boolean(trigger.schema)}>
        <summary>Payload schema</summary>
        <p className="hint">Deliveries whose body does not match get a 400 and start nothing.</p>
        <JsonTextarea
          id={`${id}-schema`}
          value={trigger.schema}
          rows={8}
          placeholder='{ "type": "object", "required": ["id"] }'
          onChange={(schema) =>
            edit(
              (current) => updateTrigger(current, { schema: schema as Record<string, unknown> | undefined }),
              'schema',
            )
          }
        />
        <button
          type="button"
          disabled={!sample}
          title={sample ? undefined : 'Needs a sample request first'}
          onClick={() => edit((current) => updateTrigger(current, { schema: inferSchema(sample?.input.body) }))}
        >
          Infer from sample
        </button>
      </details>

      <details className="panel-section" open={Boolean(trigger.dedupe)}>
        <summary>De-duplication</summary>
        <p className="hint">Deliveries with a key seen within the window are acknowledged but not run again.</p>
        <span className="sub-label" id={`${id}-dedupe-label`}>
          Key (JSONata)
        </span>
        <ExpressionEditor
          value={dedupeKey.startsWith('=') ? expressionBody(dedupeKey) : dedupeKey}
          label="De-duplication key expression"
          paths={paths}
          placeholder="trigger.headers.`x-event-id`"
          onChange={(source) =>
            edit(
              (current) =>
                updateTrigger(current, {
                  dedupe:
                    source.trim() === '' ? undefined : { ...current.trigger.dedupe, key: toExpressionValue(source) },
                }),
              'dedupe-key',
            )
          }
        />
        {dedupeKey && (
          <ExpressionPreview source={expressionBody(dedupeKey)} scope={scope} hasSample={Boolean(sample)} />
        )}
        <label className="sub-label" htmlFor={`${id}-window`}>
          Window
        </label>
        <input
          id={`${id}-window`}
          value={trigger.dedupe?.window ?? ''}
          placeholder="e.g. 24h"
          disabled={!trigger.dedupe}
          onChange={(event) => {
            const window = event.target.value || undefined;
            edit(
              (current) =>
                current.trigger.dedupe
                  ? updateTrigger(current, { dedupe: { ...current.trigger.dedupe, window } })
                  : current,
              'dedupe-window',
            );
          }}
        />
      </details>

      <section className="panel-section" aria-labelledby={`${id}-response`}>
        <h3 id={`${id}-response`}>Response</h3>
        <select
          className="full-width"
          aria-label="Response mode"
          value={response.mode}
          onChange={(event) => {
            const mode = event.target.value as TriggerResponse['mode'];
            setResponse(mode === 'static' ? { mode, status: 200 } : { mode });
          }}
        >
          <option value="async">202 Accepted at once (the run continues in the background)</option>
          <option value="sync">Wait for the run and answer with its result</option>
          <option value="static">A fixed response</option>
        </select>
        {response.mode === 'sync' && (
          <input
            className="full-width"
            aria-label="Sync timeout"
            placeholder="Timeout, e.g. 10s"
            value={response.timeout ?? ''}
            onChange={(event) => setResponse({ ...response, timeout: event.target.value || undefined })}
          />
        )}
        {response.mode === 'static' && (
          <div className="form-grid">
            <label htmlFor={`${id}-status`}>Status</label>
            <input
              id={`${id}-status`}
              type="number"
              min={200}
              max={599}
              value={response.status ?? 200}
              onChange={(event) => setResponse({ ...response, status: Number(event.target.value) })}
            />
            <label htmlFor={`${id}-body`}>Body</label>
            <JsonTextarea
              id={`${id}-body`}
              value={response.body}
              rows={3}
              onChange={(body) => setResponse({ ...response, body })}
            />
          </div>
        )}
      </section>
    </>
  );
}

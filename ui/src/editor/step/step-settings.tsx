import { useId } from 'react';
import type { RetrySpec, StepSpec } from '../../../../server/workflow/types.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { updateStep } from '../../workflow/document-ops.ts';
import { useEditor } from '../editor-context.tsx';
import { CredentialPicker } from './credential-picker.tsx';

const DURATION_HINT = 'e.g. 500ms, 2s, 5m';

/** Credential, timeout, retry policy and the disabled switch of a step. */
export function StepSettings({ step, created = [] }: { step: StepSpec; created?: CredentialSummary[] }) {
  const { edit, credentials: stored, catalog } = useEditor();
  // Credentials created from the step panel since the editor loaded its list.
  const credentials = [...stored, ...created.filter((c) => !stored.some((s) => s.name === c.name))];
  const accepted = catalog.get(step.type)?.credentialTypes ?? [];
  const takesCredential = accepted.length > 0 || step.credential !== undefined;
  const id = useId();
  const patch = (change: Partial<StepSpec>, field: string) =>
    edit((current) => updateStep(current, step.id, change), `settings:${step.id}:${field}`);
  const patchRetry = (change: Partial<RetrySpec>, field: string) => {
    const next = { attempts: 1, ...step.retry, ...change };
    const empty = next.attempts <= 1 && !next.delay && !next.backoff && !next.maxDelay && !next.jitter;
    patch({ retry: empty ? undefined : next }, field);
  };
  const retry = step.retry;

  return (
    <details className="panel-section" open={Boolean(step.retry || step.timeout || step.credential)}>
      <summary>
        {takesCredential ? 'Settings: credential, retries, time limit' : 'Settings: retries, time limit'}
      </summary>
      <div className="form-grid">
        {takesCredential && (
          <>
            <label htmlFor={`${id}-credential`}>Credential</label>
            <CredentialPicker
              id={`${id}-credential`}
              value={step.credential}
              accepted={accepted}
              credentials={credentials}
              onChange={(name) => patch({ credential: name }, 'credential')}
            />
          </>
        )}

        {/* Not "Timeout": a node may have its own (the HTTP request's), which is a different limit. */}
        <label htmlFor={`${id}-timeout`}>Step time limit</label>
        <input
          id={`${id}-timeout`}
          value={step.timeout ?? ''}
          placeholder={DURATION_HINT}
          title="The longest one attempt of this step may run, whatever it does"
          onChange={(event) => patch({ timeout: event.target.value || undefined }, 'timeout')}
        />

        <label htmlFor={`${id}-attempts`}>Attempts</label>
        <input
          id={`${id}-attempts`}
          type="number"
          min={1}
          max={20}
          value={retry?.attempts ?? 1}
          onChange={(event) => patchRetry({ attempts: Math.max(1, Number(event.target.value) || 1) }, 'attempts')}
        />

        <label htmlFor={`${id}-backoff`}>Backoff</label>
        <select
          id={`${id}-backoff`}
          value={retry?.backoff ?? ''}
          disabled={(retry?.attempts ?? 1) <= 1}
          onChange={(event) =>
            patchRetry({ backoff: (event.target.value || undefined) as RetrySpec['backoff'] }, 'backoff')
          }
        >
          <option value="">Default</option>
          <option value="fixed">Fixed</option>
          <option value="exponential">Exponential</option>
        </select>

        <label htmlFor={`${id}-delay`}>First delay</label>
        <input
          id={`${id}-delay`}
          value={retry?.delay ?? ''}
          placeholder={DURATION_HINT}
          disabled={(retry?.attempts ?? 1) <= 1}
          onChange={(event) => patchRetry({ delay: event.target.value || undefined }, 'delay')}
        />

        <label htmlFor={`${id}-max-delay`}>Max delay</label>
        <input
          id={`${id}-max-delay`}
          value={retry?.maxDelay ?? ''}
          placeholder={DURATION_HINT}
          disabled={(retry?.attempts ?? 1) <= 1}
          onChange={(event) => patchRetry({ maxDelay: event.target.value || undefined }, 'maxDelay')}
        />

        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={retry?.jitter ?? false}
            disabled={(retry?.attempts ?? 1) <= 1}
            onChange={(event) => patchRetry({ jitter: event.target.checked || undefined }, 'jitter')}
          />
          Add jitter to delays
        </label>

        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={step.disabled ?? false}
            onChange={(event) => patch({ disabled: event.target.checked || undefined }, 'disabled')}
          />
          Disabled (skipped when the workflow runs)
        </label>
      </div>
    </details>
  );
}

import { useId } from 'react';
import type { AlertChannel, AlertSettings } from '../../../../server/workflow/types.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { newChannel, type WorkflowSettings, withAlerts } from '../../workflow/workflow-settings.ts';
import { AlertChannelFields } from './alert-channel-fields.tsx';
import { type PointerProblems, SettingsField } from './settings-fields.tsx';

export type SettingsUpdate = (settings: WorkflowSettings) => WorkflowSettings;
export type WorkflowChoice = { id: string; name: string };

type Props = {
  settings: WorkflowSettings;
  /** `field` names what changed, so typing in one box becomes one undo step. */
  onChange: (update: SettingsUpdate, field: string) => void;
  /** The other workflows, for the error workflow. */
  workflows: WorkflowChoice[];
  credentials: CredentialSummary[];
  problems: PointerProblems;
};

const NO_ALERTS: AlertSettings = { channels: [] };

/** The workflow document's `settings`: error workflow, concurrency, timeout and failure alerts. */
export function SettingsForm({ settings, onChange, workflows, credentials, problems }: Props) {
  const id = useId();
  const alerts = settings.alerts ?? NO_ALERTS;
  const at = (pointer: string) => problems[pointer] ?? [];
  const setAlerts = (change: (current: AlertSettings) => AlertSettings, field: string) =>
    onChange((current) => withAlerts(current, change(current.alerts ?? NO_ALERTS)), `alerts:${field}`);
  const setChannels = (change: (channels: AlertChannel[]) => AlertChannel[], field: string) =>
    setAlerts((current) => ({ ...current, channels: change(current.channels) }), field);
  const onError = settings.onError ?? '';
  const unknownOnError = onError !== '' && !workflows.some((workflow) => workflow.id === onError);

  return (
    <form className="settings-form" data-testid="settings-form" onSubmit={(event) => event.preventDefault()}>
      <SettingsField
        id={`${id}-on-error`}
        label="Error workflow"
        hint="Runs with a summary of each failed execution."
        problems={at('/settings/onError')}
      >
        {(describedBy, invalid) => (
          <select
            id={`${id}-on-error`}
            value={onError}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) =>
              onChange((current) => ({ ...current, onError: event.target.value || undefined }), 'onError')
            }
          >
            <option value="">None</option>
            {workflows.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name} ({workflow.id})
              </option>
            ))}
            {unknownOnError && <option value={onError}>{onError} (not found)</option>}
          </select>
        )}
      </SettingsField>

      <SettingsField
        id={`${id}-max-concurrency`}
        label="Max concurrency"
        hint="Executions of this workflow running at once; empty for no limit."
        problems={at('/settings/maxConcurrency')}
      >
        {(describedBy, invalid) => (
          <input
            id={`${id}-max-concurrency`}
            type="number"
            min={1}
            step={1}
            value={settings.maxConcurrency ?? ''}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) => {
              const text = event.target.value;
              onChange(
                (current) => ({ ...current, maxConcurrency: text === '' ? undefined : Number(text) }),
                'maxConcurrency',
              );
            }}
          />
        )}
      </SettingsField>

      <SettingsField
        id={`${id}-timeout`}
        label="Timeout"
        hint="Whole execution, e.g. 30s, 5m, 1h."
        problems={at('/settings/timeout')}
      >
        {(describedBy, invalid) => (
          <input
            id={`${id}-timeout`}
            value={settings.timeout ?? ''}
            placeholder="5m"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) =>
              onChange((current) => ({ ...current, timeout: event.target.value || undefined }), 'timeout')
            }
          />
        )}
      </SettingsField>

      <fieldset className="settings-alerts">
        <legend>Failure alerts</legend>
        <p className="hint">
          One alert per failed step and error code within the window; later failures are counted in the next one.
        </p>
        {alerts.channels.map((channel, index) => (
          <AlertChannelFields
            // biome-ignore lint/suspicious/noArrayIndexKey: channels have no identity besides their place
            key={index}
            channel={channel}
            index={index}
            idPrefix={id}
            credentials={credentials}
            problems={problems}
            onChange={(next, field) =>
              setChannels(
                (channels) => channels.map((entry, other) => (other === index ? next : entry)),
                `${index}:${field}`,
              )
            }
            onRemove={() =>
              setChannels((channels) => channels.filter((_, other) => other !== index), `remove:${index}`)
            }
          />
        ))}
        {problems['/settings/alerts/channels']?.map((problem) => (
          <p key={problem} className="error-text" role="alert">
            {problem}
          </p>
        ))}
        <div className="button-row">
          <button type="button" onClick={() => setChannels((channels) => [...channels, newChannel('webhook')], 'add')}>
            Add webhook channel
          </button>
          <button type="button" onClick={() => setChannels((channels) => [...channels, newChannel('email')], 'add')}>
            Add email channel
          </button>
        </div>
        {alerts.channels.length > 0 && (
          <>
            <SettingsField
              id={`${id}-dedupe`}
              label="Dedupe window"
              hint="How long one alert covers the same failure; default 15m."
              problems={at('/settings/alerts/dedupeWindow')}
            >
              {(describedBy, invalid) => (
                <input
                  id={`${id}-dedupe`}
                  value={alerts.dedupeWindow ?? ''}
                  placeholder="15m"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(event) =>
                    setAlerts(
                      (current) => ({ ...current, dedupeWindow: event.target.value || undefined }),
                      'dedupeWindow',
                    )
                  }
                />
              )}
            </SettingsField>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={alerts.includeInput ?? false}
                onChange={(event) =>
                  setAlerts(
                    (current) => ({ ...current, includeInput: event.target.checked || undefined }),
                    'includeInput',
                  )
                }
              />
              Include the trigger's body and query in alerts
            </label>
          </>
        )}
      </fieldset>
    </form>
  );
}

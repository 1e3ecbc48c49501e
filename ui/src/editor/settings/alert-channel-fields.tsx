import type { AlertChannel } from '../../../../server/workflow/types.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { CredentialSelect, ListInput, type PointerProblems, SettingsField } from './settings-fields.tsx';

type Props = {
  channel: AlertChannel;
  index: number;
  idPrefix: string;
  credentials: CredentialSummary[];
  problems: PointerProblems;
  onChange: (channel: AlertChannel, field: string) => void;
  onRemove: () => void;
};

/** One alert channel: a signed webhook POST or an email through an SMTP credential. */
export function AlertChannelFields({ channel, index, idPrefix, credentials, problems, onChange, onRemove }: Props) {
  const at = `/settings/alerts/channels/${index}`;
  const id = `${idPrefix}-channel-${index}`;
  const problemsOf = (field: string) => problems[`${at}/${field}`] ?? [];
  const whole = problems[at] ?? [];

  return (
    <fieldset className="alert-channel" data-testid={`alert-channel-${index}`}>
      <legend>
        Channel {index + 1}: {channel.type === 'webhook' ? 'Webhook' : 'Email'}
      </legend>
      {channelFields()}
      {whole.map((problem) => (
        <p key={problem} className="error-text" role="alert">
          {problem}
        </p>
      ))}
      <button type="button" className="danger-text" onClick={onRemove}>
        Remove channel {index + 1}
      </button>
    </fieldset>
  );

  function channelFields() {
    switch (channel.type) {
      case 'webhook':
        return (
          <>
            <SettingsField
              id={`${id}-url`}
              label="URL"
              hint="Receives a JSON POST (Standard Webhooks headers)."
              problems={problemsOf('url')}
            >
              {(describedBy, invalid) => (
                <input
                  id={`${id}-url`}
                  type="url"
                  value={channel.url}
                  placeholder="https://alerts.example.com/hookflow"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(event) => onChange({ ...channel, url: event.target.value }, 'url')}
                />
              )}
            </SettingsField>
            <SettingsField
              id={`${id}-credential`}
              label="Signing credential"
              hint="Optional hmac credential (whsec_ secret)."
              problems={problemsOf('credential')}
            >
              {(describedBy, invalid) => (
                <CredentialSelect
                  id={`${id}-credential`}
                  value={channel.credential ?? ''}
                  wantedType="hmac"
                  optional
                  credentials={credentials}
                  describedBy={describedBy}
                  invalid={invalid}
                  onChange={(name) => onChange({ ...channel, credential: name || undefined }, 'credential')}
                />
              )}
            </SettingsField>
          </>
        );
      case 'email':
        return (
          <>
            <SettingsField
              id={`${id}-to`}
              label="To"
              hint="Addresses, separated by commas."
              problems={problemsOf('to')}
            >
              {(describedBy, invalid) => (
                <ListInput
                  id={`${id}-to`}
                  value={channel.to}
                  placeholder="ops@example.com"
                  describedBy={describedBy}
                  invalid={invalid}
                  onChange={(to) => onChange({ ...channel, to }, 'to')}
                />
              )}
            </SettingsField>
            <SettingsField id={`${id}-credential`} label="SMTP credential" problems={problemsOf('credential')}>
              {(describedBy, invalid) => (
                <CredentialSelect
                  id={`${id}-credential`}
                  value={channel.credential}
                  wantedType="smtp"
                  optional={false}
                  credentials={credentials}
                  describedBy={describedBy}
                  invalid={invalid}
                  onChange={(name) => onChange({ ...channel, credential: name }, 'credential')}
                />
              )}
            </SettingsField>
            <SettingsField
              id={`${id}-from`}
              label="From"
              hint="Optional; default hookflow@ the public host."
              problems={problemsOf('from')}
            >
              {(describedBy, invalid) => (
                <input
                  id={`${id}-from`}
                  value={channel.from ?? ''}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(event) => onChange({ ...channel, from: event.target.value || undefined }, 'from')}
                />
              )}
            </SettingsField>
          </>
        );
      default: {
        const unexpected: never = channel;
        return <p className="error-text">Unknown channel type {String((unexpected as { type: unknown }).type)}.</p>;
      }
    }
  }
}

import { useId } from 'react';
import type { TriggerAuth as Auth } from '../../../../server/workflow/types.ts';
import { updateTrigger } from '../../workflow/document-ops.ts';
import { useEditor } from '../editor-context.tsx';
import { GenericHmacFields } from './generic-hmac-fields.tsx';

type AuthType = Auth['type'];
type HmacPreset = Extract<Auth, { type: 'hmac' }>['preset'];

const AUTH_TYPES: Array<{ value: AuthType; label: string }> = [
  { value: 'none', label: 'None (anyone with the URL)' },
  { value: 'hmac', label: 'Signature (HMAC)' },
  { value: 'header', label: 'Secret header' },
  { value: 'basic', label: 'Basic auth' },
  { value: 'ip', label: 'IP allow-list' },
];
const PRESETS: Array<{ value: HmacPreset; label: string }> = [
  { value: 'github', label: 'GitHub' },
  { value: 'stripe', label: 'Stripe' },
  { value: 'shopify', label: 'Shopify' },
  { value: 'slack', label: 'Slack' },
  { value: 'standard-webhooks', label: 'Standard Webhooks' },
  { value: 'generic', label: 'Generic HMAC' },
];

function defaultsFor(type: AuthType, credential: string): Auth {
  switch (type) {
    case 'none':
      return { type };
    case 'hmac':
      // A named sender needs only the credential; "Generic" would need a header first.
      return { type, preset: PRESETS[0].value, credential };
    case 'header':
      return { type, header: 'x-webhook-secret', credential };
    case 'basic':
      return { type, credential };
    case 'ip':
      return { type, allow: [] };
    default: {
      const unexpected: never = type;
      return unexpected;
    }
  }
}

/** How the trigger verifies a delivery; secrets are referenced by credential name only. */
export function TriggerAuth() {
  const { doc, edit, credentials } = useEditor();
  const id = useId();
  const auth: Auth = doc.trigger.auth ?? { type: 'none' };
  const set = (next: Auth, field: string) =>
    edit((current) => updateTrigger(current, { auth: next.type === 'none' ? undefined : next }), `auth:${field}`);
  const credential = 'credential' in auth ? auth.credential : '';

  return (
    <section className="panel-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Verification</h3>
      <div className="form-grid">
        <label htmlFor={`${id}-type`}>Method</label>
        <select
          id={`${id}-type`}
          value={auth.type}
          onChange={(event) => set(defaultsFor(event.target.value as AuthType, credential), 'type')}
        >
          {AUTH_TYPES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>

        {auth.type === 'hmac' && (
          <>
            <label htmlFor={`${id}-preset`}>Sender</label>
            <select
              id={`${id}-preset`}
              value={auth.preset}
              onChange={(event) => set({ ...auth, preset: event.target.value as HmacPreset }, 'preset')}
            >
              {PRESETS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {auth.preset === 'generic' && <GenericHmacFields id={id} auth={auth} set={set} />}
          </>
        )}
        {auth.type === 'header' && (
          <>
            <label htmlFor={`${id}-header`}>Header</label>
            <input
              id={`${id}-header`}
              value={auth.header}
              onChange={(event) => set({ ...auth, header: event.target.value }, 'header')}
            />
          </>
        )}
        {(auth.type === 'hmac' || auth.type === 'header' || auth.type === 'basic') && (
          <>
            <label htmlFor={`${id}-credential`}>Credential</label>
            <div>
              <input
                id={`${id}-credential`}
                list={`${id}-credentials`}
                value={auth.credential}
                placeholder="Name of the secret in the vault"
                onChange={(event) => set({ ...auth, credential: event.target.value }, 'credential')}
              />
              <datalist id={`${id}-credentials`}>
                {credentials.map((entry) => (
                  <option key={entry.name} value={entry.name}>
                    {entry.type}
                  </option>
                ))}
              </datalist>
            </div>
          </>
        )}
        {auth.type === 'ip' && (
          <>
            <label htmlFor={`${id}-allow`}>Allowed</label>
            <textarea
              id={`${id}-allow`}
              rows={3}
              placeholder={'One address or CIDR per line\n192.0.2.0/24'}
              value={auth.allow.join('\n')}
              // Blank lines are dropped on blur, not while typing, so Enter can start a new line.
              onChange={(event) => set({ ...auth, allow: event.target.value.split('\n') }, 'allow')}
              onBlur={() => set({ ...auth, allow: auth.allow.map((line) => line.trim()).filter(Boolean) }, 'allow')}
            />
          </>
        )}
      </div>
    </section>
  );
}

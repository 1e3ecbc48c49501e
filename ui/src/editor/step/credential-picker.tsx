// The credential of a step: the stored credentials of a type the node accepts, a name the
// workflow file already uses (even when it is not stored here yet), and "Create new…",
// which opens the credentials screen's form in place and selects what it created.
import { useState } from 'react';
import { credentialsApi } from '../../api/credentials-api.ts';
import type { CredentialSummary } from '../../api/endpoints.ts';
import { CredentialDialog } from '../../credentials-page/credential-dialog.tsx';
import { useAsync } from '../../lib/use-async.ts';

const CREATE = '\u0000create';

type Props = {
  id: string;
  value: string | undefined;
  accepted: string[];
  credentials: CredentialSummary[];
  onChange: (name: string | undefined) => void;
};

export function CredentialPicker({ id, value, accepted, credentials, onChange }: Props) {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CredentialSummary[]>([]);
  const types = useAsync(() => (creating ? credentialsApi.types() : Promise.resolve(null)), `types:${creating}`);
  const all = [...credentials, ...created.filter((c) => !credentials.some((x) => x.name === c.name))];
  const choices = all.filter((c) => accepted.length === 0 || accepted.includes(c.type));
  const missing = value !== undefined && !choices.some((c) => c.name === value);
  return (
    <div>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => {
          if (event.target.value === CREATE) setCreating(true);
          else onChange(event.target.value || undefined);
        }}
      >
        <option value="">{choices.length > 0 ? 'Choose a credential' : 'No credential of this type yet'}</option>
        {choices.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.type})
          </option>
        ))}
        {missing && <option value={value}>{value} (not stored here)</option>}
        <option value={CREATE}>Create new…</option>
      </select>
      {missing && (
        <p className="hint small warning-text">
          No credential named “{value}” is stored on this server; create it before the step runs.
        </p>
      )}
      {creating && types.data && (
        <CredentialDialog
          types={types.data.items}
          allowedTypes={accepted}
          onClose={() => setCreating(false)}
          onSaved={(credential) => {
            setCreating(false);
            setCreated((c) => [...c, { name: credential.name, type: credential.type }]);
            onChange(credential.name);
          }}
        />
      )}
    </div>
  );
}

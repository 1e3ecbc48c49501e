// Create or edit a credential in a dialog: the credentials screen and the step forms'
// "Create new…" both use it. Fields come from /api/credentials/types; nothing is read back.
import { useId, useState } from 'react';
import { ApiRequestError, errorMessage } from '../api/client.ts';
import { type CredentialTypeView, type CredentialView, credentialsApi } from '../api/credentials-api.ts';
import { Modal } from '../components/modal.tsx';
import { CredentialFields, type FieldValues, toData } from './credential-fields.tsx';

type Props = {
  types: CredentialTypeView[];
  /** Editing this credential; creating a new one when absent. */
  editing?: CredentialView;
  /** Types a step accepts (the picker's "Create new…"); all when absent. */
  allowedTypes?: string[];
  /** Prefilled name and fields (a pasted cURL command's credentials); the user still saves. */
  initial?: { name: string; values: FieldValues };
  onClose: () => void;
  onSaved: (credential: CredentialView) => void;
};

/** The server's problems (`/data/host: must be string`) by field, and those it cannot place. */
function byField(error: unknown): { fields: Record<string, string>; other: string | null } {
  if (!(error instanceof ApiRequestError)) return { fields: {}, other: errorMessage(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const p of Array.isArray(error.details) ? (error.details as { pointer?: string; message?: string }[]) : []) {
    const match = /^\/(?:data\/)?([^/]+)/.exec(p.pointer ?? '');
    if (match) fields[match[1]] = p.message ?? 'is not valid';
    else if (p.message) rest.push(p.message);
  }
  const other = Object.keys(fields).length === 0 || rest.length > 0 ? [error.message, ...rest].join(': ') : null;
  return { fields, other };
}

export function CredentialDialog({ types, editing, allowedTypes, initial, onClose, onSaved }: Props) {
  const id = useId();
  const choices = types.filter((t) => !allowedTypes?.length || allowedTypes.includes(t.type));
  const [type, setType] = useState(editing?.type ?? choices[0]?.type ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [values, setValues] = useState<FieldValues>(initial?.values ?? {});
  const [problems, setProblems] = useState<{ fields: Record<string, string>; other: string | null }>({
    fields: {},
    other: null,
  });
  const [busy, setBusy] = useState(false);
  const def = types.find((t) => t.type === type);
  const save = async () => {
    if (!def) return;
    setBusy(true);
    try {
      const data = toData(def.schema.properties, values);
      const saved = editing
        ? await credentialsApi.update(editing.name, data)
        : await credentialsApi.create(name.trim(), type, data);
      onSaved(saved);
    } catch (error) {
      setProblems(byField(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={editing ? `Edit credential “${editing.name}”` : 'New credential'}
      onClose={onClose}
      testId="credential-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || !def || (!editing && name.trim() === '')}
            onClick={() => void save()}
          >
            {editing ? 'Save changes' : 'Create credential'}
          </button>
        </>
      }
    >
      <form
        className="cred-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {!editing && (
          <>
            <div className="cred-field">
              <label htmlFor={`${id}-type`}>Type</label>
              <select
                id={`${id}-type`}
                value={type}
                onChange={(e) => {
                  setType(e.target.value);
                  setValues({});
                  setProblems({ fields: {}, other: null });
                }}
              >
                {choices.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="cred-field">
              <label htmlFor={`${id}-name`}>Name *</label>
              <div>
                <input
                  id={`${id}-name`}
                  value={name}
                  autoComplete="off"
                  placeholder="e.g. smtp-main"
                  onChange={(e) => setName(e.target.value)}
                />
                {problems.fields.name ? (
                  <p className="error-text small">{problems.fields.name}</p>
                ) : (
                  <p className="hint small">Steps refer to it by this name: letters, digits, “.”, “_” or “-”.</p>
                )}
              </div>
            </div>
          </>
        )}
        {def && (
          <p className="muted small">
            {def.description}
            {editing && ' Stored values are never shown: fill in only what changes.'}
          </p>
        )}
        {def && (
          <CredentialFields
            idPrefix={id}
            properties={def.schema.properties}
            required={def.schema.required ?? []}
            values={values}
            editing={editing !== undefined}
            problems={problems.fields}
            onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))}
          />
        )}
        {problems.other && (
          <p className="error-text" role="alert">
            {problems.other}
          </p>
        )}
        {/* Enter submits the form. */}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

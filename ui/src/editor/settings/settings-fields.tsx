import { type ReactNode, useEffect, useState } from 'react';
import type { CredentialSummary } from '../../api/endpoints.ts';

/** Problems for one control, keyed by JSON pointer: the editor's own checks plus the server's. */
export type PointerProblems = Record<string, string[]>;

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  problems: string[];
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
};

/** A labelled control with its hint and problems, wired up for screen readers. */
export function SettingsField({ id, label, hint, problems, children }: FieldProps) {
  const invalid = problems.length > 0;
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-problems` : ''].filter(Boolean).join(' ');
  return (
    <div className={`settings-field${invalid ? ' has-problem' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(describedBy || undefined, invalid)}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {invalid && (
        <div id={`${id}-problems`}>
          {problems.map((problem) => (
            <p key={problem} className="error-text" role="alert">
              {problem}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/** Credentials of the wanted type first; a name not in the vault stays choosable so it is not lost. */
export function CredentialSelect(props: {
  id: string;
  value: string;
  wantedType: string;
  credentials: CredentialSummary[];
  optional: boolean;
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (name: string) => void;
}) {
  const { id, value, wantedType, credentials, optional, describedBy, invalid, onChange } = props;
  const matching = credentials.filter((credential) => credential.type === wantedType);
  const known = credentials.some((credential) => credential.name === value);
  return (
    <select
      id={id}
      value={value}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{optional ? 'None' : `Choose a ${wantedType} credential…`}</option>
      {matching.map((credential) => (
        <option key={credential.name} value={credential.name}>
          {credential.name} ({credential.type})
        </option>
      ))}
      {value !== '' && !known && <option value={value}>{value} (not in the vault)</option>}
    </select>
  );
}

const splitList = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

/**
 * A comma-separated list in one text box. The text is kept as typed (a trailing comma would be
 * lost if it were re-rendered from the list) and only replaced when the list changes elsewhere, e.g. undo.
 */
export function ListInput(props: {
  id: string;
  value: string[];
  placeholder: string;
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (list: string[]) => void;
}) {
  const { id, value, placeholder, describedBy, invalid, onChange } = props;
  const [text, setText] = useState(value.join(', '));
  const joined = value.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: resync only when the list itself changes
  useEffect(() => {
    if (splitList(text).join('\n') !== joined) setText(value.join(', '));
  }, [joined]);
  return (
    <input
      id={id}
      value={text}
      placeholder={placeholder}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(event) => {
        setText(event.target.value);
        onChange(splitList(event.target.value));
      }}
    />
  );
}

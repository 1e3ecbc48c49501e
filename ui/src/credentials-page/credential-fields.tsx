// Form fields generated from a credential type's JSON Schema. Values are write-only: when
// editing, every field starts empty and an empty field keeps what is stored.
import type { FieldSchema } from '../api/credentials-api.ts';

export type FieldValues = Record<string, string | boolean | undefined>;

type Props = {
  idPrefix: string;
  properties: Record<string, FieldSchema>;
  required: string[];
  values: FieldValues;
  editing: boolean;
  problems: Record<string, string>;
  onChange: (field: string, value: string | boolean | undefined) => void;
};

export function CredentialFields({ idPrefix, properties, required, values, editing, problems, onChange }: Props) {
  return (
    <>
      {Object.entries(properties).map(([field, schema]) => {
        const id = `${idPrefix}-${field}`;
        const label = `${schema.title ?? field}${required.includes(field) && !editing ? ' *' : ''}`;
        const value = values[field];
        const keep = editing ? 'Leave empty to keep' : undefined;
        let control: React.ReactNode;
        if (schema.type === 'boolean') {
          control = (
            <select
              id={id}
              value={value === undefined ? '' : value ? 'yes' : 'no'}
              onChange={(e) => onChange(field, e.target.value === '' ? undefined : e.target.value === 'yes')}
            >
              <option value="">{editing ? 'Keep as it is' : `Default (${schema.default ? 'yes' : 'no'})`}</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          );
        } else if (schema.enum) {
          control = (
            <select id={id} value={String(value ?? '')} onChange={(e) => onChange(field, e.target.value || undefined)}>
              <option value="">{editing ? 'Keep as it is' : `Default (${String(schema.default ?? 'none')})`}</option>
              {schema.enum.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          );
        } else if (schema.type === 'array') {
          control = (
            <textarea
              id={id}
              rows={2}
              value={String(value ?? '')}
              placeholder={keep ?? 'One per line'}
              onChange={(e) => onChange(field, e.target.value || undefined)}
            />
          );
        } else {
          control = (
            <input
              id={id}
              type={schema.writeOnly ? 'password' : schema.type === 'integer' ? 'number' : 'text'}
              autoComplete="off"
              value={String(value ?? '')}
              placeholder={keep ?? (schema.default !== undefined ? String(schema.default) : undefined)}
              onChange={(e) => onChange(field, e.target.value || undefined)}
            />
          );
        }
        return (
          <div className="cred-field" key={field}>
            <label htmlFor={id}>{label}</label>
            <div>
              {control}
              {problems[field] ? (
                <p className="error-text small">{problems[field]}</p>
              ) : (
                schema.description && <p className="hint small">{schema.description}</p>
              )}
            </div>
          </div>
        );
      })}
    </>
  );
}

/** The typed value of the filled-in fields only (empty ones are left to the server). */
export function toData(properties: Record<string, FieldSchema>, values: FieldValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(properties)) {
    const v = values[field];
    if (v === undefined || v === '') continue;
    if (schema.type === 'integer' || schema.type === 'number') data[field] = Number(v);
    else if (schema.type === 'array')
      data[field] = String(v)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
    else data[field] = v;
  }
  return data;
}

import type { FieldPath } from '../expressions/field-paths.ts';
import { ParamField } from './param-field.tsx';
import type { FieldSpec } from './schema-fields.ts';

type Props = {
  fields: FieldSpec[];
  values: Record<string, unknown>;
  onChange: (name: string, value: unknown) => void;
  problems: Record<string, string[]>;
  paths: FieldPath[];
  scope: unknown;
  idPrefix: string;
};

/** The parameter form of one step, generated from its node type's JSON Schema. */
export function SchemaForm({ fields, values, onChange, problems, paths, scope, idPrefix }: Props) {
  if (fields.length === 0) return <p className="muted">This node has no parameters.</p>;
  return (
    <div className="schema-form" data-testid="schema-form">
      {fields.map((field) => (
        <ParamField
          key={field.name}
          field={field}
          value={values[field.name]}
          onChange={(value) => onChange(field.name, value)}
          problems={problems[field.name] ?? []}
          paths={paths}
          scope={scope}
          inputId={`${idPrefix}-${field.name}`}
        />
      ))}
    </div>
  );
}

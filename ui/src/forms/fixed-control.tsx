import { escapeFixedString, unescapeFixedString } from '../expressions/expression-strings.ts';
import { JsonTextarea } from './json-textarea.tsx';
import { KeyValueEditor } from './key-value-editor.tsx';
import type { FieldSpec } from './schema-fields.ts';

type Props = {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  inputId: string;
  describedBy: string | undefined;
};

/** The input for a parameter in fixed mode, chosen by the field's kind. */
export function FixedControl({ field, value, onChange, inputId, describedBy }: Props) {
  const common = { id: inputId, 'aria-describedby': describedBy, 'aria-required': field.required || undefined };
  switch (field.kind) {
    case 'text':
      return (
        <input
          {...common}
          type="text"
          // A string-or-number field may hold a number (a chat id written in a workflow file).
          value={
            typeof value === 'string' ? unescapeFixedString(value) : typeof value === 'number' ? String(value) : ''
          }
          placeholder={field.placeholder ?? placeholderOf(field)}
          onChange={(event) => onChange(event.target.value === '' ? undefined : escapeFixedString(event.target.value))}
        />
      );
    case 'multiline':
      return (
        <textarea
          {...common}
          rows={4}
          value={typeof value === 'string' ? unescapeFixedString(value) : ''}
          placeholder={field.placeholder ?? placeholderOf(field)}
          onChange={(event) => onChange(event.target.value === '' ? undefined : escapeFixedString(event.target.value))}
        />
      );
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.minimum ?? undefined}
          max={field.maximum ?? undefined}
          value={typeof value === 'number' ? value : ''}
          placeholder={placeholderOf(field)}
          onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
        />
      );
    case 'boolean':
      return (
        <label className="checkbox">
          <input
            {...common}
            type="checkbox"
            checked={value === undefined ? field.defaultValue === true : value === true}
            onChange={(event) => onChange(event.target.checked)}
          />
          {field.label}
        </label>
      );
    case 'enum': {
      const index = field.options.findIndex((option) => option.value === value);
      return (
        <select
          {...common}
          value={index === -1 ? '' : String(index)}
          onChange={(event) =>
            onChange(event.target.value === '' ? undefined : field.options[Number(event.target.value)].value)
          }
        >
          <option value="">{field.defaultValue !== undefined ? `Default (${String(field.defaultValue)})` : '—'}</option>
          {field.options.map((option, optionIndex) => (
            <option key={String(option.value)} value={String(optionIndex)}>
              {option.label}
            </option>
          ))}
        </select>
      );
    }
    case 'keyValue':
      return (
        <KeyValueEditor
          value={value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}}
          onChange={(next) => onChange(Object.keys(next).length === 0 ? undefined : next)}
          label={field.label}
          inputId={inputId}
        />
      );
    case 'list':
      return (
        <textarea
          {...common}
          rows={3}
          value={Array.isArray(value) ? value.join('\n') : ''}
          placeholder="One entry per line"
          onChange={(event) => {
            const lines = event.target.value.split('\n');
            onChange(lines.length === 1 && lines[0] === '' ? undefined : lines);
          }}
        />
      );
    case 'json':
    case 'jsonata':
      return (
        <JsonTextarea {...common} value={value} onChange={onChange} placeholder={field.placeholder ?? undefined} />
      );
    default: {
      const unexpected: never = field.kind;
      return unexpected;
    }
  }
}

function placeholderOf(field: FieldSpec): string | undefined {
  return field.defaultValue === undefined ? undefined : `Default: ${String(field.defaultValue)}`;
}

import { useEffect, useState } from 'react';
import { isExpressionValue } from '../expressions/expression-strings.ts';

type Props = {
  value: Record<string, unknown>;
  onChange: (value: Record<string, string>) => void;
  label: string;
  inputId: string;
};

type Row = { key: string; value: string };

/** Headers, query parameters and similar string maps, edited as rows. */
export function KeyValueEditor({ value, onChange, label, inputId }: Props) {
  const [rows, setRows] = useState<Row[]>(() => toRows(value));

  // Rows with an empty name are kept locally (the user is still typing) but not saved.
  useEffect(() => {
    setRows((current) =>
      JSON.stringify(toMap(current)) === JSON.stringify(toMap(toRows(value))) ? current : toRows(value),
    );
  }, [value]);

  const update = (next: Row[]) => {
    setRows(next);
    onChange(toMap(next));
  };

  return (
    <fieldset className="key-value" id={inputId}>
      <legend className="visually-hidden">{label}</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position while edited
        <div className="key-value-row" key={index}>
          <input
            aria-label={`${label} name ${index + 1}`}
            data-kv="name"
            placeholder="Name"
            value={row.key}
            onChange={(event) => update(rows.map((r, i) => (i === index ? { ...r, key: event.target.value } : r)))}
          />
          <input
            aria-label={`${label} value ${index + 1}`}
            placeholder="Value or =expression"
            className={isExpressionValue(row.value) ? 'is-expression' : undefined}
            title={isExpressionValue(row.value) ? 'Computed with JSONata (starts with =)' : undefined}
            value={row.value}
            onChange={(event) => update(rows.map((r, i) => (i === index ? { ...r, value: event.target.value } : r)))}
          />
          <button
            type="button"
            className="icon"
            aria-label={`Remove ${label} ${row.key || index + 1}`}
            onClick={() => update(rows.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        + Add {label.toLowerCase()}
      </button>
    </fieldset>
  );
}

function toRows(value: Record<string, unknown>): Row[] {
  return Object.entries(value).map(([key, inner]) => ({
    key,
    value: typeof inner === 'string' ? inner : JSON.stringify(inner),
  }));
}

function toMap(rows: Row[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]));
}

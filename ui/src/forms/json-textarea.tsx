import { useEffect, useState } from 'react';

type Props = {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
  rows?: number;
  placeholder?: string;
};

/**
 * Edits any JSON value as text. The text is kept locally while it does not parse, so the user
 * can type freely; the value changes only when the text is valid JSON (or empty).
 */
export function JsonTextarea({ id, value, onChange, rows = 5, placeholder, ...aria }: Props) {
  const [text, setText] = useState(() => toText(value));
  const [error, setError] = useState<string | null>(null);

  // Outside changes (undo, restore) replace the text unless it already means the same value.
  useEffect(() => {
    setText((current) => (sameJson(current, value) ? current : toText(value)));
  }, [value]);

  return (
    <>
      <textarea
        id={id}
        {...aria}
        className="code"
        rows={rows}
        spellCheck={false}
        value={text}
        placeholder={placeholder ?? '{ "key": "value" }'}
        aria-invalid={error !== null}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (next.trim() === '') {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(next));
            setError(null);
          } catch (cause) {
            setError((cause as Error).message);
          }
        }}
      />
      {error && <p className="error-text">Not valid JSON yet: {error}</p>}
    </>
  );
}

function toText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

function sameJson(text: string, value: unknown): boolean {
  if (text.trim() === '') return value === undefined;
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

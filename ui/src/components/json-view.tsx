import { formatPreviewValue } from '../expressions/evaluate-preview.ts';

type Props = { value: unknown; label: string; testId?: string; maxLength?: number };

export function JsonView({ value, label, testId, maxLength = 20_000 }: Props) {
  return (
    <pre className="json-view" title={label} data-testid={testId}>
      {formatPreviewValue(value, maxLength)}
    </pre>
  );
}

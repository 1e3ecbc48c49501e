import { useEffect, useState } from 'react';
import { evaluatePreview, formatPreviewValue, type PreviewResult } from './evaluate-preview.ts';

type Props = { source: string; scope: unknown; testId?: string; hasSample?: boolean };

const DEBOUNCE_MS = 120;

/** The result of an expression on the current sample, updated as the user types. */
export function ExpressionPreview({ source, scope, testId, hasSample = true }: Props) {
  const [result, setResult] = useState<PreviewResult | null>(null);

  useEffect(() => {
    if (source.trim() === '') {
      setResult(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      void evaluatePreview(source, scope).then((next) => {
        if (!cancelled) setResult(next);
      });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [source, scope]);

  if (source.trim() === '') return null;
  return (
    <output
      className={`expression-preview${result?.status === 'error' ? ' is-error' : ''}`}
      data-testid={testId}
      aria-live="polite"
    >
      <span className="preview-caption">{hasSample ? 'Result on the sample' : 'Result (no sample yet)'}</span>
      {result === null ? (
        <span className="muted">…</span>
      ) : result.status === 'ok' ? (
        <pre>{formatPreviewValue(result.value)}</pre>
      ) : (
        <pre className="error-text">
          {result.phase === 'syntax' ? 'Syntax error: ' : 'Error: '}
          {result.problem.message}
        </pre>
      )}
    </output>
  );
}

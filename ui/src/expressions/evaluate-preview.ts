import { compileExpression, type ExpressionProblem, toExpressionProblem } from './compile.ts';

export type PreviewResult =
  | { status: 'ok'; value: unknown }
  | { status: 'error'; phase: 'syntax' | 'evaluation'; problem: ExpressionProblem };

/** Evaluates an expression against the preview scope, with the preview time and depth limits. */
export async function evaluatePreview(source: string, scope: unknown): Promise<PreviewResult> {
  const compiled = compileExpression(source);
  if (!compiled.ok) return { status: 'error', phase: 'syntax', problem: compiled.problem };
  try {
    return { status: 'ok', value: await compiled.expression.evaluate(scope) };
  } catch (error) {
    return { status: 'error', phase: 'evaluation', problem: toExpressionProblem(error) };
  }
}

/** JSON for display; JSONata returns `undefined` for paths that match nothing. */
export function formatPreviewValue(value: unknown, maxLength = 4000): string {
  if (value === undefined) return 'undefined — nothing matched';
  let text: string;
  try {
    text = typeof value === 'function' ? '[function]' : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}\n… (${text.length - maxLength} more characters)` : text;
}

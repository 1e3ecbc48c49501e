import jsonata from 'jsonata';

export type ExpressionProblem = { message: string; position: number | null; token: string | null };

// Previews run in the editor on every keystroke: bound them so that a runaway expression
// (deep recursion, a huge range) cannot freeze the page.
export const PREVIEW_LIMITS = { timeout: 250, stack: 200, sequence: 100_000 } as const;

export type CompiledExpression = ReturnType<typeof jsonata>;

export function compileExpression(
  source: string,
): { ok: true; expression: CompiledExpression } | { ok: false; problem: ExpressionProblem } {
  if (source.trim() === '')
    return { ok: false, problem: { message: 'The expression is empty.', position: null, token: null } };
  try {
    return { ok: true, expression: jsonata(source, { ...PREVIEW_LIMITS }) };
  } catch (error) {
    return { ok: false, problem: toExpressionProblem(error) };
  }
}

export function toExpressionProblem(error: unknown): ExpressionProblem {
  if (error && typeof error === 'object') {
    const record = error as { message?: unknown; position?: unknown; token?: unknown; code?: unknown };
    const message = typeof record.message === 'string' ? record.message : String(error);
    return {
      message: typeof record.code === 'string' ? `${message} (${record.code})` : message,
      position: typeof record.position === 'number' ? record.position : null,
      token: typeof record.token === 'string' ? record.token : null,
    };
  }
  return { message: String(error), position: null, token: null };
}

// The dedupe key of a request: a header's value or a JSONata expression over `{ trigger }`.
// No key (header absent, expression empty) means the request is not deduplicated: dropping
// a delivery because we could not tell what it was would be worse than running it twice.
import { createHash } from 'node:crypto';
import { evaluateExpression } from '../engine/expressions.ts';
import type { TriggerInput } from '../http/api-types.ts';
import type { CompiledDedupe } from './compile-trigger.ts';

const MAX_KEY_LENGTH = 200;

export async function dedupeKey(
  dedupe: CompiledDedupe,
  input: TriggerInput,
  execution: { id: string; workflowId: string },
): Promise<string | null> {
  let value: unknown;
  if (dedupe.header) value = input.headers[dedupe.header];
  else if (dedupe.expr) {
    value = await evaluateExpression(
      dedupe.expr.expr,
      dedupe.expr.source,
      { trigger: input, steps: {}, execution },
      { boundedWait: true },
    );
  }
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Long keys are hashed so the index stays small; collisions of SHA-256 are not a concern.
  return text.length > MAX_KEY_LENGTH ? `sha256:${createHash('sha256').update(text).digest('hex')}` : text;
}

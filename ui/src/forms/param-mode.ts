import {
  escapeFixedString,
  expressionBody,
  isExpressionValue,
  toExpressionValue,
  unescapeFixedString,
} from '../expressions/expression-strings.ts';
import type { FieldKind } from './schema-fields.ts';

export type ParamMode = 'fixed' | 'expression';

export function modeOf(kind: FieldKind, value: unknown): ParamMode {
  if (kind === 'jsonata' || isExpressionValue(value)) return 'expression';
  // A string in a number or yes/no field can only be meant as an expression: never a checkbox.
  if ((kind === 'boolean' || kind === 'number' || kind === 'integer') && typeof value === 'string') return 'expression';
  return 'fixed';
}

/**
 * Switching a fixed value to an expression keeps what it means: JSON literals are valid JSONata,
 * so `https://x` becomes `="https://x"` and `{"a":1}` stays `={"a":1}`.
 */
export function fixedToExpression(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null || value === '') return toExpressionValue('');
  const plain = kind === 'text' || kind === 'multiline' ? unescapeFixedString(String(value)) : value;
  return toExpressionValue(JSON.stringify(plain));
}

/**
 * Switching back keeps the value only when the expression is a plain literal of the field's
 * type; a real expression cannot be turned into a fixed value, so the field is cleared.
 */
export function expressionToFixed(kind: FieldKind, value: unknown): unknown {
  if (!isExpressionValue(value)) return value;
  let literal: unknown;
  try {
    literal = JSON.parse(expressionBody(value));
  } catch {
    return undefined;
  }
  switch (kind) {
    case 'text':
    case 'multiline':
      return typeof literal === 'string' ? escapeFixedString(literal) : undefined;
    case 'number':
      return typeof literal === 'number' ? literal : undefined;
    case 'integer':
      return Number.isInteger(literal) ? literal : undefined;
    case 'boolean':
      return typeof literal === 'boolean' ? literal : undefined;
    case 'enum':
      return typeof literal === 'string' || typeof literal === 'number' || typeof literal === 'boolean'
        ? literal
        : undefined;
    case 'keyValue':
      return literal && typeof literal === 'object' && !Array.isArray(literal) ? literal : undefined;
    case 'list':
      return Array.isArray(literal) && literal.every((item) => typeof item === 'string') ? literal : undefined;
    case 'json':
      return literal;
    case 'jsonata':
      return value;
    default: {
      const unexpected: never = kind;
      return unexpected;
    }
  }
}

// A parameter string starting with `=` is a JSONata expression; `==` escapes a literal `=`.

export function isExpressionValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=') && !value.startsWith('==');
}

export function expressionBody(value: string): string {
  return value.slice(1);
}

export function toExpressionValue(body: string): string {
  return `=${body}`;
}

/** Stores a fixed string so that it is never mistaken for an expression. */
export function escapeFixedString(text: string): string {
  return text.startsWith('=') ? `=${text}` : text;
}

export function unescapeFixedString(stored: string): string {
  return stored.startsWith('==') ? stored.slice(1) : stored;
}

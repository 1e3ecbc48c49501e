export type FieldPath = { path: string; type: string; preview: string };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path segment as JSONata reads it: plain names bare, anything else in backticks. */
export function pathSegment(key: string): string {
  return IDENTIFIER.test(key) ? key : `\`${key.replace(/`/g, '')}\``;
}

/**
 * Every field path in a sample value, for autocomplete. Arrays contribute the paths of their
 * first element, which JSONata maps over the whole array (`items.price`).
 */
export function fieldPaths(value: unknown, prefix: string, limits = { depth: 6, count: 400 }): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (current: unknown, path: string, depth: number) => {
    if (paths.length >= limits.count) return;
    if (path !== '') paths.push({ path, type: typeName(current), preview: previewOf(current) });
    if (depth >= limits.depth) return;
    const inner = Array.isArray(current) ? current[0] : current;
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return;
    for (const [key, child] of Object.entries(inner)) {
      walk(child, path === '' ? pathSegment(key) : `${path}.${pathSegment(key)}`, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return paths;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array[${value.length}]`;
  return typeof value;
}

function previewOf(value: unknown): string {
  if (value && typeof value === 'object') return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

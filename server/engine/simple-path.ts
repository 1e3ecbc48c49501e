// The commonest expression is a plain reference (`=steps.shape`, `=trigger.body.email`).
// JSONata evaluates even that through its async machinery, which showed in the executor's
// profile; this module recognises such paths at compile time and reads them directly.
// It answers exactly what JSONata would, or FALLBACK where the two could differ (an array
// on the way, where JSONata maps over the items), and then JSONata evaluates as usual.
// test/unit/engine/simple-path.test.ts checks it against JSONata on generated data.
import type jsonata from 'jsonata';

export const FALLBACK: unique symbol = Symbol('fallback to JSONata');

type AstNode = { type: string; value?: unknown; steps?: AstNode[] } & Record<string, unknown>;

const NAME_KEYS = new Set(['type', 'value', 'position']);

/** The field names of `a.b.c` (no predicates, wildcards, functions or variables); else null. */
export function simplePathOf(expr: jsonata.Expression): string[] | null {
  const ast = expr.ast() as unknown as AstNode;
  // A grouping (`a{k: v}`) or other decoration sits on the path node itself.
  if (ast.type === 'path' && Object.keys(ast).some((k) => k !== 'type' && k !== 'steps')) return null;
  const steps = ast.type === 'path' ? ast.steps : ast.type === 'name' ? [ast] : null;
  if (!steps || steps.length === 0) return null;
  const names: string[] = [];
  for (const s of steps) {
    if (s.type !== 'name' || typeof s.value !== 'string') return null;
    // Anything beyond the name itself (a predicate, `[]`, a focus or index binding) changes the meaning.
    for (const k of Object.keys(s)) if (!NAME_KEYS.has(k)) return null;
    names.push(s.value);
  }
  return names;
}

export function readSimplePath(input: unknown, names: string[]): unknown | typeof FALLBACK {
  let cur = input;
  for (const name of names) {
    if (Array.isArray(cur)) return FALLBACK;
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, name)) return undefined;
    cur = (cur as Record<string, unknown>)[name];
  }
  // A function (never in JSON data) is what JSONata would not return as a value.
  return typeof cur === 'function' ? FALLBACK : cur;
}

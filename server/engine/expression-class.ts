// Decides, once per compiled expression, whether it may run inline on the event loop.
// JSONata checks its time box only between evaluation steps, so an expression is "bounded"
// only if every single step is cheap: it uses nothing but paths, literals, operators,
// conditions, constructors, predicates, sorting and built-ins whose cost and output are
// linear in their input. Everything else (regular expressions, lambdas, variables, $pad,
// $join, $replace, ranges over data...) runs in the sandbox pool, where a hard deadline and
// a memory limit hold (see expression-pool.ts). The whitelist is deliberately conservative:
// a false "unbounded" only costs a worker round trip, a false "bounded" can stall ingress.
import type jsonata from 'jsonata';

/**
 * Upper bound of how much larger than its input a bounded expression's output may be.
 * Each reference (field, `$`, literal) counts 1, path steps multiply, constructors add, so
 * `a.{'x': $, 'y': $}.{'x': $, 'y': $}...` (output doubling per step) leaves the inline path
 * after four steps, long before its result could stall JSON serialisation.
 */
export const MAX_FAN_OUT = 256;
/** Literal ranges up to this many items run inline (`[1..10]`); data-driven ranges never. */
const MAX_INLINE_RANGE = 256;

// Built-ins whose result is a small scalar whatever their input (cost linear in it).
const SCALAR = new Set([
  'sum',
  'count',
  'max',
  'min',
  'average',
  'number',
  'boolean',
  'not',
  'exists',
  'length',
  'round',
  'floor',
  'ceil',
  'abs',
  'sqrt',
  'power',
  'type',
  'now',
  'millis',
  'random',
  'contains',
  'error',
  'assert',
]);
// Built-ins with a picture argument: inline only when the picture is a literal.
const PICTURE = new Set(['toMillis', 'fromMillis', 'formatNumber', 'formatInteger', 'formatBase']);
// Built-ins whose output is at most (factor ×) the size of their arguments.
const SIZED: Record<string, number> = {
  string: 1,
  uppercase: 1,
  lowercase: 1,
  trim: 1,
  substring: 1,
  substringBefore: 1,
  substringAfter: 1,
  keys: 1,
  lookup: 1,
  merge: 1,
  append: 1,
  reverse: 1,
  spread: 1,
  sort: 1,
  shuffle: 1,
  zip: 1,
  base64decode: 1,
  decodeUrl: 1,
  decodeUrlComponent: 1,
  base64encode: 4,
  encodeUrl: 9,
  encodeUrlComponent: 9,
};
// Only these one- or two-argument forms are linear (`$string(x, true)` pretty-prints, which
// grows with depth; `$sort(x, fn)` takes a lambda).
const MAX_ARGS: Record<string, number> = { string: 1, sort: 1 };

type Node = {
  type: string;
  value?: unknown;
  steps?: Node[];
  stages?: { type: string; expr?: Node }[];
  predicate?: { type: string; expr?: Node }[];
  group?: { lhs: [Node, Node][] };
  expressions?: Node[];
  lhs?: Node | [Node, Node][];
  rhs?: Node;
  expression?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  procedure?: Node;
  arguments?: Node[];
  terms?: { expression: Node }[];
  focus?: unknown;
  index?: unknown;
  tuple?: unknown;
  ancestor?: unknown;
  seekingParent?: unknown;
};

class Unbounded extends Error {}

function no(): never {
  throw new Unbounded();
}

/** True when the expression may run inline: every step cheap, output ≤ MAX_FAN_OUT × input. */
export function isBounded(expr: jsonata.Expression): boolean {
  try {
    return fanOut(expr.ast() as Node) <= MAX_FAN_OUT;
  } catch (err) {
    if (err instanceof Unbounded) return false;
    throw err;
  }
}

function filters(node: Node): void {
  for (const stage of [...(node.stages ?? []), ...(node.predicate ?? [])]) {
    if (stage.type !== 'filter' || !stage.expr) no();
    fanOut(stage.expr);
  }
}

function sum(nodes: Node[]): number {
  return nodes.reduce((n, c) => n + fanOut(c), 0);
}

function fanOut(node: Node): number {
  // `@` and `#` bind variables, `%` walks to parents: joins whose cost is a product.
  if (node.focus !== undefined || node.index !== undefined || node.tuple || node.ancestor || node.seekingParent) no();
  filters(node);
  const own = fanOutOf(node);
  if (!node.group) return own;
  return own * node.group.lhs.reduce((n, [k, v]) => n + fanOut(k) + fanOut(v), 0);
}

function fanOutOf(node: Node): number {
  switch (node.type) {
    case 'name':
    case 'wildcard':
    case 'number':
    case 'value':
      return 1;
    case 'string':
      // A literal mapped over many items is copied into every output: count its length.
      return 1 + Math.floor(String(node.value).length / 16);
    case 'variable':
      // Only `$` (the context item); `$$`, bound names and function values are not bounded.
      if (node.value !== '') no();
      return 1;
    case 'path': {
      let n = 1;
      for (const step of node.steps ?? []) n *= Math.max(1, fanOut(step));
      return n;
    }
    case 'sort':
      for (const t of node.terms ?? []) fanOut(t.expression);
      return 1;
    case 'unary':
      if (node.value === '-') {
        fanOut(node.expression as Node);
        return 1;
      }
      if (node.value === '[') return sum(node.expressions ?? []);
      if (node.value === '{') return (node.lhs as [Node, Node][]).reduce((n, [k, v]) => n + fanOut(k) + fanOut(v), 0);
      return no();
    case 'binary':
      return binary(node);
    case 'condition':
      fanOut(node.condition as Node);
      return Math.max(fanOut(node.then as Node), node.else ? fanOut(node.else) : 0, 1);
    case 'block':
      return Math.max(1, ...(node.expressions ?? []).map(fanOut));
    case 'function':
      if (node.procedure?.type !== 'variable') no();
      return builtin(String(node.procedure.value), node.arguments ?? []);
    case 'apply':
      // `x ~> $f(a)` is `$f(x, a)`; anything else (lambdas, chains of functions) is not bounded.
      if (node.rhs?.type !== 'function' || node.rhs.procedure?.type !== 'variable') no();
      return builtin(String(node.rhs.procedure.value), [node.lhs as Node, ...(node.rhs.arguments ?? [])]);
    default:
      // descendant (**), parent (%), regex, lambda, partial, bind (:=), transform (|...|).
      return no();
  }
}

function binary(node: Node): number {
  const lhs = node.lhs as Node;
  const rhs = node.rhs as Node;
  switch (node.value) {
    case '&':
      return fanOut(lhs) + fanOut(rhs);
    case '..': {
      if (lhs.type !== 'number' || rhs.type !== 'number') no();
      const size = Number(rhs.value) - Number(lhs.value) + 1;
      if (!(size <= MAX_INLINE_RANGE)) no();
      return Math.max(1, size);
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'and':
    case 'or':
    case 'in':
      fanOut(lhs);
      fanOut(rhs);
      return 1;
    default:
      return no();
  }
}

function builtin(name: string, args: Node[]): number {
  if (args.some((a) => a.type === 'operator')) no(); // partial application placeholder `?`
  if (SCALAR.has(name)) {
    sum(args);
    return 1;
  }
  if (PICTURE.has(name)) {
    sum(args);
    if (args.slice(1).some((a) => a.type !== 'string' && a.type !== 'number')) no();
    return 1;
  }
  const factor = SIZED[name];
  if (factor === undefined) return no();
  if (args.length > (MAX_ARGS[name] ?? Number.POSITIVE_INFINITY)) no();
  return factor * Math.max(1, sum(args));
}

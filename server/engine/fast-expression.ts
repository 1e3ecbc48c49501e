// Most expressions in real workflows are small reshapes: a path (`=steps.shape`), an object
// of paths, a little arithmetic, a `$sum` over line items. JSONata evaluates even these
// through its asynchronous machinery (a promise per AST node, a sequence per step), which
// made it the executor's largest single cost after SQLite and GC. This module compiles
// that subset of the AST, once per workflow version, into plain synchronous closures.
//
// The closures answer exactly what JSONata would, or FALLBACK wherever the two could
// differ (a value of an unexpected type, where JSONata would raise an error; an object
// constructor over an array, which groups), and JSONata then evaluates as usual. They
// mirror jsonata 2.x's evaluate(), evaluatePath(), evaluateStep() and lookup() step by
// step, sequence flags included, so that even values nested in a result carry the same
// flags. test/unit/engine/fast-expression.test.ts checks them against JSONata on
// generated expressions and data. Two differences remain, deliberately: the sequences made
// here lack the own `push` guard JSONata's carry (JSON never sees it), and no time limit
// applies (the subset is linear in its input, so JSONata's time box has nothing to stop).
//
// The subset: paths of names and `( )` blocks; string, number, true/false/null literals;
// `+ - * / %`, string `&`, unary minus; object constructors with literal keys; `$sum`,
// `$count`. Everything else (predicates, variables, lambdas, comparisons...) goes to JSONata.
import type jsonata from 'jsonata';

export const FALLBACK: unique symbol = Symbol('fallback to JSONata');

/** A compiled expression: its value for `input`, or FALLBACK. */
export type FastExpression = (input: unknown) => unknown;

type Ast = { type: string; value?: unknown } & Record<string, unknown>;
type Evaluator = (input: unknown) => unknown;
type Sequence = unknown[] & { sequence?: boolean; cons?: boolean; keepSingleton?: boolean; tupleStream?: boolean };

/** Thrown inside the closures to abandon an evaluation; never escapes this module. */
const BAIL: unique symbol = Symbol('bail');
const bail = (): never => {
  throw BAIL;
};

// An expression nested deeper than this is left to JSONata, whose own depth limit applies.
const MAX_AST_DEPTH = 40;
const KEYS: Record<string, ReadonlySet<string>> = {
  path: new Set(['type', 'steps']),
  name: new Set(['type', 'value', 'position']),
  string: new Set(['type', 'value', 'position']),
  number: new Set(['type', 'value', 'position']),
  value: new Set(['type', 'value', 'position']),
  block: new Set(['type', 'expressions', 'position']),
  binary: new Set(['type', 'value', 'lhs', 'rhs', 'position']),
  unary: new Set(['type', 'value', 'expression', 'lhs', 'position']),
  // The parser sets `name` on every call, undefined unless it is a named lambda's.
  function: new Set(['type', 'name', 'value', 'procedure', 'arguments', 'position']),
  // Only as a function's procedure (`$sum`); compileOwn compiles no variable on its own.
  variable: new Set(['type', 'value', 'position']),
};
// Keys JSONata reads as flags of its own (lookup() treats such an object as a function) or
// that would reach an object's prototype.
const RESERVED_KEYS = new Set(['_jsonata_lambda', '_jsonata_function', '__proto__']);

/** The compiled closure of a JSONata expression in the subset; null for any other. */
export function compileFast(expr: jsonata.Expression, maxSequence: number): FastExpression | null {
  const root = compileNode(expr.ast() as unknown as Ast, 0, maxSequence);
  if (!root) return null;
  return (input) => {
    // JSONata wraps an array input in a sequence of its own first: not this subset.
    if (Array.isArray(input)) return FALLBACK;
    try {
      return root(input);
    } catch (err) {
      if (err === BAIL) return FALLBACK;
      throw err;
    }
  };
}

function onlyKeys(node: Ast): boolean {
  const allowed = KEYS[node.type];
  if (!allowed) return false;
  for (const k of Object.keys(node)) if (!allowed.has(k)) return false;
  return true;
}

/** evaluate(): the node's own evaluation, then a sequence of 0 or 1 items unwrapped. */
function compileNode(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  if (depth > MAX_AST_DEPTH || !node || typeof node !== 'object' || !onlyKeys(node)) return null;
  const own = compileOwn(node, depth + 1, maxSeq);
  if (!own) return null;
  return (input) => unwrap(own(input));
}

function compileOwn(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const v = node.value;
      return () => v;
    }
    case 'name': {
      if (typeof node.value !== 'string') return null;
      const name = node.value;
      return (input) => lookup(input, name, maxSeq);
    }
    case 'path':
      return compilePath(node, depth, maxSeq);
    case 'block': {
      const parts = compileAll(node.expressions, depth, maxSeq);
      if (!parts) return null;
      return (input) => {
        let result: unknown;
        for (const p of parts) result = p(input);
        return result;
      };
    }
    case 'binary':
      return compileBinary(node, depth, maxSeq);
    case 'unary':
      return node.value === '-'
        ? compileNegation(node, depth, maxSeq)
        : node.value === '{'
          ? compileObject(node, depth, maxSeq)
          : null;
    case 'function':
      return compileFunction(node, depth, maxSeq);
    default:
      return null;
  }
}

function compileAll(nodes: unknown, depth: number, maxSeq: number): Evaluator[] | null {
  if (!Array.isArray(nodes)) return null;
  const out: Evaluator[] = [];
  for (const n of nodes) {
    const c = compileNode(n as Ast, depth, maxSeq);
    if (!c) return null;
    out.push(c);
  }
  return out;
}

/** evaluatePath() and evaluateStep(), for steps that are names or blocks. */
function compilePath(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  const steps = node.steps as Ast[] | undefined;
  if (!Array.isArray(steps) || steps.length === 0) return null;
  if (!steps.every((s) => s && (s.type === 'name' || s.type === 'block'))) return null;
  const evals = compileAll(steps, depth, maxSeq);
  if (!evals) return null;
  const last = evals.length - 1;
  const names = steps.every((s) => s.type === 'name') ? steps.map((s) => s.value as string) : null;
  return (input) => {
    if (names) {
      const direct = walkNames(input, names, maxSeq);
      if (direct !== THROUGH_SEQUENCES) return direct;
    }
    let inputSeq: unknown[] = Array.isArray(input) ? input : sequenceOf(input);
    let resultSeq: unknown[] | undefined;
    for (let i = 0; i <= last; i++) {
      resultSeq = step(evals[i], inputSeq, i === last, maxSeq);
      if (resultSeq.length === 0) break;
      inputSeq = resultSeq;
    }
    return resultSeq;
  };
}

const THROUGH_SEQUENCES: unique symbol = Symbol('evaluate through sequences');

/**
 * The commonest path, names through single objects (`trigger.body.email`), without
 * building a sequence per step. Each step then holds exactly one item, so the result is
 * what evaluatePath() gives: the last value as it is (a plain array included: the
 * last-step rule), or undefined once a name is missing. An array on the way, or a
 * JSONata sequence at the end (flattened and copied there), takes the general route.
 */
function walkNames(input: unknown, names: string[], maxSeq: number): unknown {
  let cur = input;
  for (const name of names) {
    if (Array.isArray(cur)) return THROUGH_SEQUENCES;
    cur = lookup(cur, name, maxSeq);
    if (cur === undefined) return undefined;
  }
  return isSequence(cur) ? THROUGH_SEQUENCES : cur;
}

function step(evaluate: Evaluator, inputSeq: unknown[], lastStep: boolean, maxSeq: number): unknown[] {
  const result = newSequence();
  for (let i = 0; i < inputSeq.length; i++) {
    const res = evaluate(inputSeq[i]);
    if (res !== undefined) push(result, res, maxSeq);
  }
  if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) {
    return result[0] as unknown[];
  }
  const out = newSequence();
  for (const res of result) {
    if (!Array.isArray(res) || (res as Sequence).cons) push(out, res, maxSeq);
    else for (const v of res) push(out, v, maxSeq);
  }
  return out;
}

/** lookup(): a field of an object, or of every object in an array, flattened one level. */
function lookup(input: unknown, key: string, maxSeq: number): unknown {
  if (Array.isArray(input)) {
    const result = newSequence();
    for (const item of input) {
      const res = lookup(item, key, maxSeq);
      if (res === undefined) continue;
      if (Array.isArray(res)) for (const v of res) push(result, v, maxSeq);
      else push(result, res, maxSeq);
    }
    return result;
  }
  if (input === null || typeof input !== 'object') return undefined;
  // JSONata takes such an object for a function, and a function value is not data.
  if (Object.hasOwn(input, '_jsonata_function') || Object.hasOwn(input, '_jsonata_lambda')) bail();
  if (!Object.hasOwn(input, key)) return undefined;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'function' ? bail() : value;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

function compileBinary(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  const op = node.value;
  if (op !== '&' && !ARITHMETIC.has(op as string)) return null;
  const lhs = compileNode(node.lhs as Ast, depth, maxSeq);
  const rhs = compileNode(node.rhs as Ast, depth, maxSeq);
  if (!lhs || !rhs) return null;
  if (op === '&') {
    // $string() of anything but a string formats numbers and JSON its own way: JSONata's job.
    const text = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : bail());
    return (input) => text(lhs(input)).concat(text(rhs(input)));
  }
  return (input) => {
    const l = lhs(input);
    const r = rhs(input);
    // Anything else raises T2001/T2002 (or D1001 for an infinite operand) in JSONata.
    if (l !== undefined && !finiteNumber(l)) bail();
    if (r !== undefined && !finiteNumber(r)) bail();
    if (l === undefined || r === undefined) return undefined;
    const a = l as number;
    const b = r as number;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return a / b;
      default:
        return a % b;
    }
  };
}

function compileNegation(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  if (node.lhs !== undefined) return null;
  const operand = compileNode(node.expression as Ast, depth, maxSeq);
  if (!operand) return null;
  return (input) => {
    const v = operand(input);
    if (v === undefined) return undefined;
    return finiteNumber(v) ? -(v as number) : bail();
  };
}

/** evaluateGroupExpression() for one input item: literal, distinct keys only. */
function compileObject(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  if (node.expression !== undefined || !Array.isArray(node.lhs)) return null;
  const keys: string[] = [];
  const values: Evaluator[] = [];
  for (const pair of node.lhs as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const [k, v] = pair as [Ast, Ast];
    if (k?.type !== 'string' || !onlyKeys(k) || typeof k.value !== 'string') return null;
    // A repeated key is error D1009 in JSONata; a reserved one D1013 or a prototype.
    if (keys.includes(k.value) || RESERVED_KEYS.has(k.value)) return null;
    const value = compileNode(v, depth, maxSeq);
    if (!value) return null;
    keys.push(k.value);
    values.push(value);
  }
  return (input) => {
    // Over an array JSONata groups the items by key: not this subset.
    if (Array.isArray(input)) bail();
    const result: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < keys.length; i++) {
      const v = values[i](input);
      if (v !== undefined) result[keys[i]] = v;
    }
    return result;
  };
}

function compileFunction(node: Ast, depth: number, maxSeq: number): Evaluator | null {
  const proc = node.procedure as Ast | undefined;
  if (node.value !== '(' || node.name !== undefined || proc?.type !== 'variable' || !onlyKeys(proc)) return null;
  const args = compileAll(node.arguments, depth, maxSeq);
  if (args?.length !== 1) return null;
  const [compiled] = args;
  // An argument JSONata takes for a function (an object flagged `_jsonata_function` or
  // `_jsonata_lambda`, which a sender can post) it wraps in a closure first: its business.
  const arg = (input: unknown) => {
    const v = compiled(input);
    return looksLikeFunction(v) ? bail() : v;
  };
  switch (proc.value) {
    case 'sum':
      // Signature <a<n>:n>: a single number counts as an array of one; anything but
      // numbers is error T0412.
      return (input) => {
        const v = arg(input);
        if (v === undefined) return undefined;
        // Summed from 0 as JSONata does, so -0 comes back as 0.
        if (finiteNumber(v)) return 0 + (v as number);
        if (!Array.isArray(v)) return bail();
        let total = 0;
        for (const n of v) total += finiteNumber(n) ? (n as number) : bail();
        return total;
      };
    case 'count':
      return (input) => {
        const v = arg(input);
        return v === undefined ? 0 : Array.isArray(v) ? v.length : 1;
      };
    default:
      return null;
  }
}

const finiteNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

const looksLikeFunction = (v: unknown) =>
  v !== null &&
  typeof v === 'object' &&
  ((v as Record<string, unknown>)._jsonata_function === true ||
    (v as Record<string, unknown>)._jsonata_lambda === true);

const isSequence = (v: unknown) => Array.isArray(v) && (v as Sequence).sequence === true;

function newSequence(): Sequence {
  const s: Sequence = [];
  s.sequence = true;
  return s;
}

function sequenceOf(item: unknown): Sequence {
  const s = newSequence();
  s.push(item);
  return s;
}

/** JSONata's sequence length limit (D2015) is its error to raise. */
function push(s: Sequence, v: unknown, maxSeq: number): void {
  if (s.length >= maxSeq) bail();
  s.push(v);
}

/**
 * evaluate()'s last move. A sequence kept from an earlier JSONata result may carry its
 * flags: `keepSingleton` (made by `[]`) stays a sequence of one, a tuple stream stays whole.
 */
function unwrap(result: unknown): unknown {
  if (!isSequence(result)) return result;
  const s = result as Sequence;
  if (s.tupleStream) return s;
  return s.length === 0 ? undefined : s.length === 1 && !s.keepSingleton ? s[0] : s;
}

// JSONata in parameters: strings starting with `=` are expressions (`==` escapes a literal
// `=`). Everything is compiled once per workflow version into a tree that evaluates fast:
// static subtrees are returned as they are, without walking them.
import jsonata from 'jsonata';
import { NonRetryableError, RetryAfterError } from '../nodes/step-errors.ts';
import { isBounded } from './expression-class.ts';
import { runInSandbox, SANDBOX_BUSY, type SandboxFailure, WAIT_START_ALLOWANCE_MS } from './expression-pool.ts';
import { compileFast, FALLBACK, type FastExpression } from './fast-expression.ts';

export type ExpressionContext = {
  trigger: unknown;
  steps: Record<string, unknown>;
  execution: { id: string; workflowId: string };
  item?: unknown;
  index?: number;
};

export type CompiledValue =
  | { kind: 'static'; value: unknown }
  | { kind: 'expr'; source: string; expr: jsonata.Expression }
  | { kind: 'object'; entries: [string, CompiledValue][] }
  | { kind: 'array'; items: CompiledValue[] };

export type ExpressionLimits = { timeoutMs: number; maxDepth?: number; maxSequence?: number };

type JsonataError = { code?: string; position?: number; token?: string; message?: string };

export class ExpressionError extends NonRetryableError {
  constructor(message: string, code = 'expression_failed') {
    super(message, code);
    this.name = 'ExpressionError';
  }
}

/**
 * Every sandbox is taken (a flood of slow expressions): nothing is wrong with this one, so a
 * step with a retry policy tries again later, and ingress answers 503 with Retry-After.
 */
export class ExpressionBusyError extends RetryAfterError {
  constructor(message: string) {
    super(message, 1000, 'expression_busy');
    this.name = 'ExpressionBusyError';
  }
}

type Placement = { inline: true } | { inline: false; timeoutMs: number; maxDepth: number; maxSequence: number };

/** Where each compiled expression runs, decided once at compile time (expression-class.ts). */
const placements = new WeakMap<jsonata.Expression, Placement>();
/** Inline expressions in the subset that runs without JSONata's machinery (fast-expression.ts). */
const fastForms = new WeakMap<jsonata.Expression, FastExpression>();

export function compileExpression(source: string, limits: ExpressionLimits): jsonata.Expression {
  const guardrails = {
    timeoutMs: limits.timeoutMs,
    maxDepth: limits.maxDepth ?? 500,
    maxSequence: limits.maxSequence ?? 1_000_000,
  };
  let expr: jsonata.Expression;
  try {
    expr = jsonata(source, {
      timeout: guardrails.timeoutMs,
      stack: guardrails.maxDepth,
      sequence: guardrails.maxSequence,
    } as jsonata.JsonataOptions);
  } catch (err) {
    const e = err as JsonataError;
    const where = e.position !== undefined ? ` at position ${e.position}` : '';
    throw new ExpressionError(`JSONata syntax error${where}: ${e.message ?? String(err)}`, 'expression_syntax');
  }
  const inline = isBounded(expr);
  placements.set(expr, inline ? { inline: true } : { inline: false, ...guardrails });
  const fast = inline ? compileFast(expr, guardrails.maxSequence) : null;
  if (fast) fastForms.set(expr, fast);
  return expr;
}

/** True when the expression runs on the event loop; false: in the sandbox pool. */
export function runsInline(expr: jsonata.Expression): boolean {
  return placements.get(expr)?.inline !== false;
}

/** A string parameter: `=expr` → expression, `==text` → literal `=text`, else literal. */
export function expressionSource(value: string): string | null {
  if (value.startsWith('==')) return null;
  return value.startsWith('=') ? value.slice(1) : null;
}

function literal(value: string): string {
  return value.startsWith('==') ? value.slice(1) : value;
}

export type CompileProblem = { pointer: string; message: string };

/**
 * Compiles a parameter tree. `alwaysExpression` marks top-level keys whose string value is
 * JSONata without the `=` prefix (the transform's `expression`).
 */
export function compileValue(
  value: unknown,
  pointer: string,
  limits: ExpressionLimits,
  problems: CompileProblem[],
  alwaysExpression = false,
): CompiledValue {
  if (typeof value === 'string') {
    const source = alwaysExpression ? value : expressionSource(value);
    if (source === null) return { kind: 'static', value: literal(value) };
    try {
      return { kind: 'expr', source, expr: compileExpression(source, limits) };
    } catch (err) {
      problems.push({ pointer, message: (err as Error).message });
      return { kind: 'static', value: null };
    }
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileValue(v, `${pointer}/${i}`, limits, problems));
    return items.every((c) => c.kind === 'static')
      ? { kind: 'static', value: items.map(staticOf) }
      : { kind: 'array', items };
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => [k, compileValue(v, `${pointer}/${escapePointer(k)}`, limits, problems)] as [string, CompiledValue],
    );
    return entries.every(([, c]) => c.kind === 'static')
      ? { kind: 'static', value: Object.fromEntries(entries.map(([k, c]) => [k, staticOf(c)])) }
      : { kind: 'object', entries };
  }
  return { kind: 'static', value };
}

function staticOf(c: CompiledValue): unknown {
  return c.kind === 'static' ? c.value : undefined;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * `boundedWait`: the caller has a sender on the line (ingress), so a sandboxed expression
 * that no sandbox takes within its time box (plus room for one start) fails as busy instead
 * of holding the request; steps wait their turn.
 */
export type EvaluateOptions = { boundedWait?: boolean };

export async function evaluateValue(
  compiled: CompiledValue,
  context: ExpressionContext,
  opts?: EvaluateOptions,
): Promise<unknown> {
  if (allFast(compiled)) {
    const direct = evaluateDirectly(compiled, context);
    if (direct !== FALLBACK) return direct;
  }
  switch (compiled.kind) {
    case 'static':
      return compiled.value;
    case 'expr':
      return evaluateExpression(compiled.expr, compiled.source, context, opts);
    case 'array':
      return Promise.all(compiled.items.map((c) => evaluateValue(c, context, opts)));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, c] of compiled.entries) {
        const v = await evaluateValue(c, context, opts);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
  }
}

/** Trees whose every expression has a fast form, decided once per compiled tree. */
const fastTrees = new WeakMap<CompiledValue, boolean>();

/**
 * Whether evaluateDirectly can answer for the tree. A tree with an expression that has no
 * fast form goes the usual way at once: its fast parts are then evaluated there, once,
 * rather than once here and again after the bail.
 */
function allFast(compiled: CompiledValue): boolean {
  let known = fastTrees.get(compiled);
  if (known === undefined) {
    known = everyExpression(compiled, (expr) => fastForms.has(expr));
    fastTrees.set(compiled, known);
  }
  return known;
}

function everyExpression(compiled: CompiledValue, test: (expr: jsonata.Expression) => boolean): boolean {
  switch (compiled.kind) {
    case 'static':
      return true;
    case 'expr':
      return test(compiled.expr);
    case 'array':
      return compiled.items.every((c) => everyExpression(c, test));
    case 'object':
      return compiled.entries.every(([, c]) => everyExpression(c, test));
  }
}

/**
 * The same value as evaluateValue, without a promise per node, when every expression in
 * the tree has a fast form that answers; FALLBACK when one bails at run time (then nothing
 * is lost: the expressions are pure, and evaluateValue evaluates the tree again its usual
 * way).
 */
function evaluateDirectly(compiled: CompiledValue, context: ExpressionContext): unknown {
  switch (compiled.kind) {
    case 'static':
      return compiled.value;
    case 'expr':
      return fastValue(compiled.expr, context);
    case 'array': {
      const out: unknown[] = [];
      for (const c of compiled.items) {
        const v = evaluateDirectly(c, context);
        if (v === FALLBACK) return FALLBACK;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, c] of compiled.entries) {
        const v = evaluateDirectly(c, context);
        if (v === FALLBACK) return FALLBACK;
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
  }
}

/** The expression's value by its fast form, normalised; FALLBACK without one or when it bails. */
function fastValue(expr: jsonata.Expression, context: ExpressionContext): unknown {
  const fast = fastForms.get(expr);
  if (!fast) return FALLBACK;
  const value = fast(context);
  return value === FALLBACK ? FALLBACK : normalise(value);
}

export async function evaluateExpression(
  expr: jsonata.Expression,
  source: string,
  context: ExpressionContext,
  opts?: EvaluateOptions,
): Promise<unknown> {
  const direct = fastValue(expr, context);
  if (direct !== FALLBACK) return direct;
  const placement = placements.get(expr);
  try {
    if (!placement || placement.inline) return normalise(await expr.evaluate(context));
    const json = await runInSandbox(
      {
        source,
        timeoutMs: placement.timeoutMs,
        maxDepth: placement.maxDepth,
        maxSequence: placement.maxSequence,
        context,
      },
      opts?.boundedWait ? placement.timeoutMs + WAIT_START_ALLOWANCE_MS : undefined,
    );
    return json === undefined ? undefined : JSON.parse(json);
  } catch (err) {
    const e = err as JsonataError & SandboxFailure;
    if (e.code === SANDBOX_BUSY)
      throw new ExpressionBusyError(`expression sandbox busy (${e.message}): ${clip(source)}`);
    if (e.code === 'D1012')
      throw new ExpressionError(`expression exceeded its time limit: ${clip(source)}`, 'expression_timeout');
    if (e.code === 'D1011')
      throw new ExpressionError(`expression recursed too deeply: ${clip(source)}`, 'expression_too_deep');
    if (e.code === 'too_large')
      throw new ExpressionError(
        `expression result or working memory too large (${e.message}): ${clip(source)}`,
        'expression_too_large',
      );
    const where = e.position !== undefined ? ` at position ${e.position}` : '';
    throw new ExpressionError(`expression failed${where}: ${e.message ?? String(err)} (in ${clip(source)})`);
  }
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** JSONata returns sequences as arrays with extra flags; make them plain JSON values. */
function normalise(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value) && (value as { sequence?: boolean }).sequence) return JSON.parse(JSON.stringify(value));
  return value;
}

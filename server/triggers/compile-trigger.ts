// Everything a trigger needs per request, compiled once per workflow version: auth checks,
// the payload schema validator, the dedupe key expression, rate and response settings.
// The same pass reports problems by JSON pointer for workflow validation, so a workflow
// that saves is a workflow whose trigger compiles.
import type { ValidateFunction } from 'ajv';
import type { CompiledWorkflow } from '../engine/compile-workflow.ts';
import {
  type CompiledValue,
  type CompileProblem,
  compileExpression,
  compileValue,
  type ExpressionLimits,
  expressionSource,
} from '../engine/expressions.ts';
import { ajv } from '../lib/ajv.ts';
import { parseDuration } from '../lib/duration.ts';
import type { TriggerSpec } from '../workflow/types.ts';
import { DELIVERY_ID_WINDOW_MS, deliveryIdOf } from './delivery-id.ts';
import { compileAuth, DEFAULT_TOLERANCE_MS } from './verify/auth-checks.ts';
import type { AuthCheck } from './verify/types.ts';

export const DEFAULT_DEDUPE_WINDOW_MS = 24 * 3_600_000;
const PER_SECONDS = { second: 1, minute: 60, hour: 3600 } as const;

export type CompiledResponse =
  | { mode: 'async' }
  | { mode: 'sync'; timeoutMs: number | null }
  | { mode: 'static'; status: number; headers: CompiledValue; body: CompiledValue };

export type CompiledDedupe = {
  windowMs: number;
  header: string | null;
  /** A top-level field of the parsed body (a preset's delivery id, e.g. Stripe's event `id`). */
  bodyField?: string;
  expr: { source: string; expr: ReturnType<typeof compileExpression> } | null;
};

export type CompiledTrigger = {
  methods: string[];
  auth: AuthCheck[];
  validate: ValidateFunction | null;
  dedupe: CompiledDedupe | null;
  rateLimit: { capacity: number; refillPerSecond: number } | null;
  response: CompiledResponse;
  rawBody: boolean;
  /** Request headers stored as `[redacted]`: credential-like ones, plus a header-auth secret. */
  redactHeaders: ReadonlySet<string>;
};

/** Never stored with an execution or a sample: they are credentials, not data. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
]);

function redactedHeadersFor(spec: TriggerSpec): ReadonlySet<string> {
  const auth = spec.auth as { type?: string; header?: unknown } | undefined;
  if (auth?.type !== 'header' || typeof auth.header !== 'string') return CREDENTIAL_HEADERS;
  return new Set([...CREDENTIAL_HEADERS, auth.header.toLowerCase()]);
}

export type TriggerOptions = { limits: ExpressionLimits; toleranceMs?: number };

export function compileTrigger(
  spec: TriggerSpec,
  opts: TriggerOptions,
  base = '/trigger',
): { compiled: CompiledTrigger | null; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const auth = compileAuth(spec.auth, opts.toleranceMs ?? DEFAULT_TOLERANCE_MS);
  for (const p of auth.problems) problems.push({ pointer: `${base}/auth${p.pointer}`, message: p.message });

  let validate: ValidateFunction | null = null;
  if (spec.schema && typeof spec.schema === 'object') {
    // Without its $id, two workflows (or versions) may carry the same schema; removing it
    // from ajv's cache after compiling keeps memory flat as workflows change.
    const { $id: _ignored, ...schema } = spec.schema;
    try {
      validate = ajv.compile(schema);
    } catch (err) {
      problems.push({ pointer: `${base}/schema`, message: `not a valid JSON Schema: ${(err as Error).message}` });
    } finally {
      ajv.removeSchema(schema);
    }
  }

  let dedupe: CompiledDedupe | null = null;
  const preset = deliveryIdOf(spec.auth);
  if (spec.dedupe?.enabled === false) {
    if (spec.dedupe.key !== undefined || spec.dedupe.header !== undefined) {
      problems.push({
        pointer: `${base}/dedupe/enabled`,
        message: 'enabled: false cannot be combined with key or header',
      });
    }
  } else if (spec.dedupe && typeof spec.dedupe === 'object' && (spec.dedupe.key ?? spec.dedupe.header) !== undefined) {
    let windowMs = DEFAULT_DEDUPE_WINDOW_MS;
    try {
      windowMs = parseDuration(spec.dedupe.window, DEFAULT_DEDUPE_WINDOW_MS);
    } catch (err) {
      problems.push({ pointer: `${base}/dedupe/window`, message: (err as Error).message });
    }
    let expr: CompiledDedupe['expr'] = null;
    if (typeof spec.dedupe.key === 'string') {
      const source = expressionSource(spec.dedupe.key);
      if (source === null) {
        problems.push({ pointer: `${base}/dedupe/key`, message: 'must be a JSONata expression starting with "="' });
      } else {
        try {
          expr = { source, expr: compileExpression(source, opts.limits) };
        } catch (err) {
          problems.push({ pointer: `${base}/dedupe/key`, message: (err as Error).message });
        }
      }
    }
    const header = typeof spec.dedupe.header === 'string' ? spec.dedupe.header.toLowerCase() : null;
    dedupe = { windowMs, header, expr };
  } else if (preset) {
    // The preset's delivery id, on by default (see delivery-id.ts); `window` still applies.
    let windowMs = DELIVERY_ID_WINDOW_MS;
    try {
      windowMs = parseDuration(spec.dedupe?.window, DELIVERY_ID_WINDOW_MS);
    } catch (err) {
      problems.push({ pointer: `${base}/dedupe/window`, message: (err as Error).message });
    }
    dedupe =
      'header' in preset
        ? { windowMs, header: preset.header, expr: null }
        : { windowMs, header: null, bodyField: preset.bodyField, expr: null };
  } else if (spec.dedupe && typeof spec.dedupe === 'object') {
    problems.push({
      pointer: `${base}/dedupe`,
      message: 'needs a key or a header: this trigger has no HMAC preset with a delivery id to dedupe on',
    });
  }

  const rl = spec.rateLimit;
  const rateLimit =
    rl && typeof rl === 'object' && rl.requests > 0 && rl.per in PER_SECONDS
      ? { capacity: rl.burst ?? rl.requests, refillPerSecond: rl.requests / PER_SECONDS[rl.per] }
      : null;

  const response = compileResponse(spec, opts, base, problems);
  if (problems.length > 0) return { compiled: null, problems };
  return {
    compiled: {
      methods: spec.methods ?? ['POST'],
      auth: auth.checks,
      validate,
      dedupe,
      rateLimit,
      response,
      rawBody: spec.rawBody === true,
      redactHeaders: redactedHeadersFor(spec),
    },
    problems,
  };
}

function compileResponse(
  spec: TriggerSpec,
  opts: TriggerOptions,
  base: string,
  problems: CompileProblem[],
): CompiledResponse {
  const r = spec.response;
  if (!r || typeof r !== 'object') return { mode: 'async' };
  switch (r.mode) {
    case 'async':
      return { mode: 'async' };
    case 'sync': {
      try {
        return { mode: 'sync', timeoutMs: r.timeout === undefined ? null : parseDuration(r.timeout, 0) };
      } catch (err) {
        problems.push({ pointer: `${base}/response/timeout`, message: (err as Error).message });
        return { mode: 'async' };
      }
    }
    case 'static':
      return {
        mode: 'static',
        status: r.status ?? 200,
        headers: compileValue(r.headers ?? {}, `${base}/response/headers`, opts.limits, problems),
        body: compileValue(r.body ?? null, `${base}/response/body`, opts.limits, problems),
      };
    default:
      return { mode: 'async' };
  }
}

const cache = new WeakMap<CompiledWorkflow, CompiledTrigger>();

/** The compiled trigger of a loaded workflow version; compiled on first use, then cached. */
export function triggerFor(workflow: CompiledWorkflow, opts: TriggerOptions): CompiledTrigger {
  const hit = cache.get(workflow);
  if (hit) return hit;
  const { compiled, problems } = compileTrigger(workflow.document.trigger, opts);
  if (!compiled) {
    throw new Error(`trigger of ${workflow.id} v${workflow.version} does not compile: ${JSON.stringify(problems)}`);
  }
  cache.set(workflow, compiled);
  return compiled;
}

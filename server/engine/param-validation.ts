// Checks a step's params against its node type's JSON Schema, twice: when the workflow is
// saved (a value written as an expression `=...` cannot be checked yet, so errors at or
// under one are dropped) and when the step runs, on the evaluated values. The run-time
// check is what stops an expression from handing a node a shape its schema forbids (an
// object where nodemailer expects a string would make it read a file or fetch a URL).
import type { ValidateFunction } from 'ajv';
import { ajv, type Problem, toProblems } from '../lib/ajv.ts';
import { describeErrors } from '../lib/ajv-messages.ts';
import type { NodeDefinition } from '../nodes/define-node.ts';
import { NonRetryableError } from '../nodes/step-errors.ts';
import { expressionSource } from './expressions.ts';

const saved = new Map<string, ValidateFunction>();
const evaluated = new Map<string, ValidateFunction>();

/** Compiled once per node type and kept for the life of the process. */
function validatorFor(cache: Map<string, ValidateFunction>, type: string, schema: object): ValidateFunction {
  let v = cache.get(type);
  if (!v) {
    v = ajv.compile(schema);
    cache.set(type, v);
  }
  return v;
}

export function paramProblems(node: NodeDefinition<unknown>, params: unknown, base: string): Problem[] {
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    return [{ pointer: base, message: 'must be an object' }];
  }
  const validate = validatorFor(saved, node.type, node.params);
  if (validate(params)) return [];
  const alwaysExpr = new Set(node.expressionParams ?? []);
  return describeErrors(validate.errors, base)
    .filter(
      (p) =>
        !isUnderExpression(params as Record<string, unknown>, p.pointer.slice(base.length), alwaysExpr) ||
        p.keyword === 'required',
    )
    .map(({ pointer, message }) => ({ pointer, message }));
}

/** A step's evaluated params do not match its node's schema: retrying cannot help. */
export class ParamInvalidError extends NonRetryableError {
  constructor(type: string, problems: Problem[]) {
    const shown = problems.slice(0, 5).map((p) => `${p.pointer} ${p.message}`);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    super(`evaluated params do not match the ${type} parameter schema: ${shown.join('; ')}${more}`, 'param_invalid', {
      problems,
    });
    this.name = 'ParamInvalidError';
  }
}

/**
 * The run-time check, on params after their expressions were evaluated. Throws
 * ParamInvalidError with a JSON pointer per problem (under `/params`).
 */
export function assertEvaluatedParams(node: NodeDefinition<unknown>, params: unknown): void {
  const validate = validatorFor(evaluated, node.type, node.evaluatedParams ?? node.params);
  if (validate(params ?? {})) return;
  const seen = new Set<string>();
  const problems = toProblems(validate.errors, '/params').filter((p) => {
    const key = `${p.pointer} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  throw new ParamInvalidError(node.type, problems);
}

function isUnderExpression(root: Record<string, unknown>, pointer: string, alwaysExpr: Set<string>): boolean {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = root;
  for (const [i, part] of parts.entries()) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[part];
    if (typeof cur === 'string' && (expressionSource(cur) !== null || (i === 0 && alwaysExpr.has(part)))) return true;
  }
  return false;
}

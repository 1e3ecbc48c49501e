// Checks a step's params against its node type's JSON Schema. A value written as an
// expression (`=...`) can only be checked when it runs, so errors at or under one are dropped.
import type { ValidateFunction } from 'ajv';
import { ajv, type Problem, toProblems } from '../lib/ajv.ts';
import type { NodeDefinition } from '../nodes/define-node.ts';
import { expressionSource } from './expressions.ts';

const validators = new Map<string, ValidateFunction>();

function validatorFor(node: NodeDefinition<unknown>): ValidateFunction {
  let v = validators.get(node.type);
  if (!v) {
    v = ajv.compile(node.params);
    validators.set(node.type, v);
  }
  return v;
}

export function paramProblems(node: NodeDefinition<unknown>, params: unknown, base: string): Problem[] {
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    return [{ pointer: base, message: 'must be an object' }];
  }
  const validate = validatorFor(node);
  if (validate(params)) return [];
  const alwaysExpr = new Set(node.expressionParams ?? []);
  return toProblems(validate.errors, base).filter(
    (p) =>
      !isUnderExpression(params as Record<string, unknown>, p.pointer.slice(base.length), alwaysExpr) ||
      p.message === 'is required',
  );
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

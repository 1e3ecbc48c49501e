// The single entry point for "is this a workflow?": schema, node types, params, edges,
// cycles and expression syntax, every problem listed with its JSON pointer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CompiledWorkflow, compileWorkflow } from '../engine/compile-workflow.ts';
import type { ExpressionLimits } from '../engine/expressions.ts';
import { ajv, type Problem, toProblems } from '../lib/ajv.ts';
import { compileTrigger } from '../triggers/compile-trigger.ts';
import type { WorkflowDocument } from './types.ts';

export const WORKFLOW_SCHEMA_PATH = path.join(import.meta.dirname, '..', '..', 'workflows', 'workflow.schema.json');
const schema = JSON.parse(readFileSync(WORKFLOW_SCHEMA_PATH, 'utf8'));
const validateSchema = ajv.compile<WorkflowDocument>(schema);

export type ValidationResult =
  | { ok: true; document: WorkflowDocument; compiled: CompiledWorkflow }
  | { ok: false; problems: Problem[] };

export function validateWorkflow(input: unknown, limits: ExpressionLimits, version = 0): ValidationResult {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ pointer: '/', message: 'a workflow must be a JSON object' }] };
  }
  const problems: Problem[] = validateSchema(input) ? [] : toProblems(validateSchema.errors);
  // A document over the schema's size bounds (steps, edges, string lengths…) is refused as it
  // is: compiling it would walk an unbounded graph (a recursion as deep as its longest
  // chain: 5,000 chained steps overflowed the stack → 500) and compile unbounded expressions.
  if (validateSchema.errors?.some((e) => SIZE_KEYWORDS.has(e.keyword)))
    return { ok: false, problems: dedupe(problems) };
  const doc = input as WorkflowDocument;
  const { compiled, problems: graphProblems } = compileWorkflow(doc, version, limits);
  problems.push(...graphProblems);
  // Trigger compilation (CIDRs, dedupe expression, payload schema) only once its shape is right.
  if (doc.trigger && typeof doc.trigger === 'object' && !problems.some((p) => p.pointer.startsWith('/trigger'))) {
    problems.push(...compileTrigger(doc.trigger, { limits }).problems);
  }
  if (problems.length > 0 || !compiled) return { ok: false, problems: dedupe(problems) };
  return { ok: true, document: doc, compiled };
}

const SIZE_KEYWORDS = new Set(['maxItems', 'maxLength', 'maxProperties']);

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.pointer}: ${p.message}`).join('\n');
}

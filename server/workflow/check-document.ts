// The document half of "is this a workflow?": the JSON Schema (workflows/workflow.schema.json)
// and its size bounds. Graph, node-param and trigger checks belong to the layers that know
// them (engine/, triggers/); authoring/validate-workflow.ts runs them after this one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ajv, type Problem, toProblems } from '../lib/ajv.ts';
import type { WorkflowDocument } from './types.ts';

export const WORKFLOW_SCHEMA_PATH = path.join(import.meta.dirname, '..', '..', 'workflows', 'workflow.schema.json');
const schema = JSON.parse(readFileSync(WORKFLOW_SCHEMA_PATH, 'utf8'));
const validateSchema = ajv.compile<WorkflowDocument>(schema);

const SIZE_KEYWORDS = new Set(['maxItems', 'maxLength', 'maxProperties']);

/**
 * Schema problems, and whether the document may be compiled further. A document over the
 * schema's size bounds (steps, edges, string lengths…) is refused as it is: compiling it
 * would walk an unbounded graph (a recursion as deep as its longest chain: 5,000 chained
 * steps overflowed the stack → 500) and compile unbounded expressions.
 */
export function checkDocument(input: unknown): { problems: Problem[]; compilable: boolean } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { problems: [{ pointer: '/', message: 'a workflow must be a JSON object' }], compilable: false };
  }
  const problems: Problem[] = validateSchema(input) ? [] : toProblems(validateSchema.errors);
  return { problems, compilable: !validateSchema.errors?.some((e) => SIZE_KEYWORDS.has(e.keyword)) };
}

export function dedupeProblems(problems: Problem[]): Problem[] {
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

// The single entry point for "is this a workflow?": schema, node types, params, edges,
// cycles, expression syntax and trigger settings, every problem listed with its JSON pointer.
// Above engine/ and triggers/, so each layer supplies its own checks.
import { type CompiledWorkflow, compileWorkflow } from '../engine/compile-workflow.ts';
import type { ExpressionLimits } from '../engine/expressions.ts';
import type { Problem } from '../lib/ajv.ts';
import { compileTrigger } from '../triggers/compile-trigger.ts';
import { checkDocument, dedupeProblems } from '../workflow/check-document.ts';
import type { WorkflowDocument } from '../workflow/types.ts';

export type ValidationResult =
  | { ok: true; document: WorkflowDocument; compiled: CompiledWorkflow }
  | { ok: false; problems: Problem[] };

export function validateWorkflow(input: unknown, limits: ExpressionLimits, version = 0): ValidationResult {
  const { problems, compilable } = checkDocument(input);
  if (!compilable) return { ok: false, problems: dedupeProblems(problems) };
  const doc = input as WorkflowDocument;
  const { compiled, problems: graphProblems } = compileWorkflow(doc, version, limits);
  problems.push(...graphProblems);
  // Trigger compilation (CIDRs, dedupe expression, payload schema) only once its shape is right.
  if (doc.trigger && typeof doc.trigger === 'object' && !problems.some((p) => p.pointer.startsWith('/trigger'))) {
    problems.push(...compileTrigger(doc.trigger, { limits }).problems);
  }
  if (problems.length > 0 || !compiled) return { ok: false, problems: dedupeProblems(problems) };
  return { ok: true, document: doc, compiled };
}

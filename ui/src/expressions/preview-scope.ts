import type { TriggerInput } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { evaluatePreview } from './evaluate-preview.ts';

export type PreviewInputs = {
  sample: TriggerInput | null;
  /** Outputs of steps in the execution the user picked, by step id. */
  executionOutputs: Record<string, unknown>;
  executionId: string | null;
  workflowId: string;
};

export type PreviewScope = {
  trigger: TriggerInput | Record<string, never>;
  steps: Record<string, unknown>;
  execution: { id: string; workflowId: string };
};

/** Steps that run before `stepId` on some path from the trigger, in execution order. */
export function ancestorsOf(doc: WorkflowDocument, stepId: string): string[] {
  const previous = new Map<string, string[]>();
  for (const edge of doc.edges) previous.set(edge.to, [...(previous.get(edge.to) ?? []), edge.from]);
  const seen = new Set<string>();
  const stack = [...(previous.get(stepId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || id === TRIGGER_ID || id === stepId) continue;
    seen.add(id);
    stack.push(...(previous.get(id) ?? []));
  }
  return topologicalOrder(doc).filter((id) => seen.has(id));
}

/** Step ids in an order where every step comes after those that feed it (cycles are dropped). */
export function topologicalOrder(doc: WorkflowDocument): string[] {
  const ids = doc.steps.map((step) => step.id);
  const incoming = new Map(ids.map((id) => [id, 0]));
  for (const edge of doc.edges)
    if (incoming.has(edge.to) && incoming.has(edge.from)) incoming.set(edge.to, incoming.get(edge.to)! + 1);
  const ready = ids.filter((id) => incoming.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const edge of doc.edges) {
      if (edge.from !== id || !incoming.has(edge.to)) continue;
      incoming.set(edge.to, incoming.get(edge.to)! - 1);
      if (incoming.get(edge.to) === 0) ready.push(edge.to);
    }
  }
  return order;
}

/**
 * Outputs every step would produce as far as the browser can tell: recorded outputs from the
 * chosen execution, and for transform steps that have none, their expression evaluated here on
 * the sample, so a chain of transforms previews end to end before anything has run.
 */
export async function previewStepOutputs(
  doc: WorkflowDocument,
  inputs: PreviewInputs,
): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = { ...inputs.executionOutputs };
  for (const id of topologicalOrder(doc)) {
    if (id in outputs) continue;
    const step = doc.steps.find((candidate) => candidate.id === id);
    const expression = step?.params?.expression;
    if (step?.type !== 'transform' || typeof expression !== 'string' || !inputs.sample) continue;
    const result = await evaluatePreview(expression, scopeFor(doc, id, inputs, outputs));
    if (result.status === 'ok' && result.value !== undefined) outputs[id] = result.value;
  }
  return outputs;
}

/** What an expression on `stepId` sees: the trigger sample and the outputs of its upstream steps. */
export function scopeFor(
  doc: WorkflowDocument,
  stepId: string,
  inputs: PreviewInputs,
  outputs: Record<string, unknown>,
): PreviewScope {
  const steps: Record<string, unknown> = {};
  for (const id of ancestorsOf(doc, stepId)) if (id in outputs) steps[id] = outputs[id];
  return {
    trigger: inputs.sample ?? {},
    steps,
    execution: { id: inputs.executionId ?? 'preview', workflowId: inputs.workflowId },
  };
}

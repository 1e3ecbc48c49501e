// What compiling a workflow version produces (compile-workflow.ts, loop-bodies.ts) and the
// executor runs. Types only, so both sides depend on this file rather than on each other.
import type { NodeDefinition } from '../nodes/define-node.ts';
import type { EdgeSpec, StepSpec, WorkflowDocument } from '../workflow/types.ts';
import type { CompiledValue } from './expressions.ts';

export type CompiledStep = {
  spec: StepSpec;
  // biome-ignore lint/suspicious/noExplicitAny: steps hold nodes of every param shape
  node: NodeDefinition<any>;
  params: CompiledValue;
  incoming: EdgeSpec[];
  outgoing: EdgeSpec[];
};

export type CompiledWorkflow = {
  id: string;
  version: number;
  document: WorkflowDocument;
  steps: Map<string, CompiledStep>;
  /** Edges leaving the trigger. */
  entry: EdgeSpec[];
  /** Steps of the main graph (not inside a loop body) in a topological order, for deterministic runs. */
  order: string[];
  /** Each forEach step's body, run once per item. */
  bodies: Map<string, Graph>;
};

/** A graph to run: the main one, or a forEach body. */
export type Graph = { steps: Map<string, CompiledStep>; order: string[] };

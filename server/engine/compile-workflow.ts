// Turns a workflow document into what the executor runs: node definitions resolved, params
// compiled, edges indexed, graph checked. Done once per workflow version (see cache below);
// the same pass reports every problem by JSON pointer, so validation and execution agree.
import type { NodeDefinition } from '../nodes/define-node.ts';
import { nodeRegistry } from '../nodes/registry.ts';
import type { EdgeSpec, StepSpec, WorkflowDocument } from '../workflow/types.ts';
import { TRIGGER_ID } from '../workflow/types.ts';
import type { CompiledStep, CompiledWorkflow, Graph } from './compiled.ts';
import { type CompiledValue, type CompileProblem, compileValue, type ExpressionLimits } from './expressions.ts';
import { compileLoopBodies } from './loop-bodies.ts';

export type { CompiledStep, CompiledWorkflow } from './compiled.ts';

import { paramProblems } from './param-validation.ts';

export type CompileResult = { compiled: CompiledWorkflow | null; problems: CompileProblem[] };

export function outputsOf(step: CompiledStep | { node: NodeDefinition<unknown>; spec: StepSpec }): string[] {
  const dynamic = step.node.dynamicOutputs?.(step.spec.params ?? {}) ?? [];
  return [...step.node.outputs, ...dynamic];
}

export function compileWorkflow(doc: WorkflowDocument, version: number, limits: ExpressionLimits): CompileResult {
  const problems: CompileProblem[] = [];
  const steps = new Map<string, CompiledStep>();
  const specs = Array.isArray(doc.steps) ? doc.steps : [];
  const edges = Array.isArray(doc.edges) ? doc.edges : [];

  specs.forEach((spec, i) => {
    if (!spec || typeof spec !== 'object' || typeof spec.id !== 'string') return;
    if (steps.has(spec.id) || spec.id === TRIGGER_ID) {
      problems.push({ pointer: `/steps/${i}/id`, message: `duplicate step id "${spec.id}"` });
      return;
    }
    const node = nodeRegistry.get(spec.type);
    if (!node) {
      problems.push({ pointer: `/steps/${i}/type`, message: `unknown node type "${spec.type}"` });
      return;
    }
    const rawParams = spec.params ?? {};
    problems.push(...paramProblems(node, rawParams, `/steps/${i}/params`));
    const paramProblemsBefore = problems.length;
    const entries: [string, CompiledValue][] = Object.entries(rawParams).map(([k, v]) => [
      k,
      compileValue(v, `/steps/${i}/params/${k}`, limits, problems, node.expressionParams?.includes(k) ?? false),
    ]);
    const params: CompiledValue =
      entries.every(([, c]) => c.kind === 'static') && problems.length === paramProblemsBefore
        ? { kind: 'static', value: rawParams }
        : { kind: 'object', entries };
    steps.set(spec.id, { spec, node, params, incoming: [], outgoing: [] });
  });

  const entry: EdgeSpec[] = [];
  const seenEdges = new Set<string>();
  edges.forEach((edge, i) => {
    if (!edge || typeof edge !== 'object') return;
    const key = `${edge.from}->${edge.to}#${edge.branch ?? ''}`;
    if (seenEdges.has(key)) problems.push({ pointer: `/edges/${i}`, message: 'duplicate edge' });
    seenEdges.add(key);
    const source = edge.from === TRIGGER_ID ? null : steps.get(edge.from);
    const target = steps.get(edge.to);
    const sourceKnown = edge.from === TRIGGER_ID || source !== undefined || specs.some((s) => s?.id === edge.from);
    if (!sourceKnown) problems.push({ pointer: `/edges/${i}/from`, message: `unknown step "${edge.from}"` });
    if (edge.to === TRIGGER_ID)
      problems.push({ pointer: `/edges/${i}/to`, message: 'nothing can lead back to the trigger' });
    else if (!target && !specs.some((s) => s?.id === edge.to)) {
      problems.push({ pointer: `/edges/${i}/to`, message: `unknown step "${edge.to}"` });
    }
    if (edge.from === edge.to)
      problems.push({ pointer: `/edges/${i}`, message: `step "${edge.from}" cannot lead to itself` });
    if (edge.from === TRIGGER_ID && edge.branch !== undefined) {
      problems.push({ pointer: `/edges/${i}/branch`, message: 'edges from the trigger take no branch' });
    }
    if (source) {
      const outputs = outputsOf(source);
      const named = outputs.filter((o) => o !== 'main');
      if (edge.branch !== undefined && edge.branch !== 'error' && !outputs.includes(edge.branch)) {
        const allowed = [...outputs, 'error'].join(', ');
        problems.push({
          pointer: `/edges/${i}/branch`,
          message: `"${edge.from}" has no output "${edge.branch}" (has ${allowed})`,
        });
      } else if (edge.branch === undefined && named.length > 0 && !outputs.includes('main')) {
        problems.push({
          pointer: `/edges/${i}/branch`,
          message: `edges from "${edge.from}" must name a branch: ${named.join(', ')}`,
        });
      }
    }
    if (edge.from === TRIGGER_ID && target) entry.push(edge);
    if (source && target) {
      source.outgoing.push(edge);
      target.incoming.push(edge);
    }
    if (edge.from === TRIGGER_ID && target) target.incoming.push(edge);
  });

  const order = topologicalOrder(steps, entry);
  if (order.cycle) {
    const idx = edges.findIndex((e) => e && e.from === order.cycle?.at(-2) && e.to === order.cycle?.at(-1));
    problems.push({ pointer: idx >= 0 ? `/edges/${idx}` : '/edges', message: `cycle: ${order.cycle.join(' → ')}` });
  }
  const stepIndex = new Map(specs.map((s, i) => [s?.id, i]));
  const { mainOrder, bodies } = order.cycle
    ? { mainOrder: order.order, bodies: new Map<string, Graph>() }
    : compileLoopBodies(steps, order.order, problems, (id) => `/steps/${stepIndex.get(id)}`);
  if (problems.length > 0) return { compiled: null, problems };
  return { compiled: { id: doc.id, version, document: doc, steps, entry, order: mainOrder, bodies }, problems };
}

function topologicalOrder(
  steps: Map<string, CompiledStep>,
  entry: EdgeSpec[],
): { order: string[]; cycle: string[] | null } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  let cycle: string[] | null = null;
  const visit = (id: string, trail: string[]) => {
    if (cycle) return;
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      cycle = [...trail.slice(trail.indexOf(id)), id];
      return;
    }
    state.set(id, 'visiting');
    for (const e of steps.get(id)?.outgoing ?? []) visit(e.to, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const e of entry) visit(e.to, []);
  for (const id of steps.keys()) visit(id, []);
  return { order: order.reverse(), cycle };
}

/** One compiled workflow per id@version; a small LRU keeps memory bounded. */
export type CompiledCache = {
  get(id: string, version: number): CompiledWorkflow | undefined;
  set(c: CompiledWorkflow): void;
};

export function createCompiledCache(max = 500): CompiledCache {
  const map = new Map<string, CompiledWorkflow>();
  return {
    get(id, version) {
      const key = `${id}@${version}`;
      const hit = map.get(key);
      if (hit) {
        map.delete(key);
        map.set(key, hit);
      }
      return hit;
    },
    set(c) {
      map.set(`${c.id}@${c.version}`, c);
      if (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}

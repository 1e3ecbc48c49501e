// Loop bodies. A `forEach` step's `each` output leads into its body: every step reachable
// from there. The body runs once per item as its own small graph (the `each` edges act as
// its trigger edges), so the main graph never plans body steps; the loop's `done` output
// continues after all iterations. A body is closed: its steps may only be reached from
// inside it, so nothing outside can depend on a single iteration.

import { TRIGGER_ID } from '../workflow/types.ts';
import type { CompiledStep, Graph } from './compiled.ts';
import type { CompileProblem } from './expressions.ts';

export const EACH = 'each';

export function compileLoopBodies(
  steps: Map<string, CompiledStep>,
  order: string[],
  problems: CompileProblem[],
  pointerOfStep: (id: string) => string,
): { mainOrder: string[]; bodies: Map<string, Graph> } {
  const members = new Map<string, Set<string>>();
  for (const [id, step] of steps) {
    if (step.node.kind !== 'loop') continue;
    const body = new Set<string>();
    const stack = step.outgoing.filter((e) => e.branch === EACH).map((e) => e.to);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (body.has(next) || next === id) continue;
      body.add(next);
      for (const e of steps.get(next)?.outgoing ?? []) stack.push(e.to);
    }
    for (const member of body) {
      for (const e of steps.get(member)?.incoming ?? []) {
        const fromLoop = e.from === id && e.branch === EACH;
        if (!fromLoop && !body.has(e.from)) {
          problems.push({
            pointer: pointerOfStep(member),
            message: `"${member}" is inside the body of forEach "${id}" but is also reached from "${e.from}"; continue after a loop from its "done" output`,
          });
        }
      }
    }
    members.set(id, body);
  }
  const inAnyBody = new Set<string>();
  for (const body of members.values()) for (const m of body) inAnyBody.add(m);

  const bodies = new Map<string, Graph>();
  for (const [loopId, body] of members) {
    // Steps of loops nested inside this body belong to the inner loop's graph.
    const nested = new Set<string>();
    for (const m of body) for (const inner of members.get(m) ?? []) nested.add(inner);
    const graphSteps = new Map<string, CompiledStep>();
    for (const m of body) {
      const s = steps.get(m)!;
      graphSteps.set(m, {
        ...s,
        incoming: s.incoming.map((e) => (e.from === loopId && e.branch === EACH ? { from: TRIGGER_ID, to: e.to } : e)),
      });
    }
    bodies.set(loopId, { steps: graphSteps, order: order.filter((id) => body.has(id) && !nested.has(id)) });
  }
  return { mainOrder: order.filter((id) => !inAnyBody.has(id)), bodies };
}

import type { ValidationProblem } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { compileExpression } from '../expressions/compile.ts';
import { expressionBody, isExpressionValue } from '../expressions/expression-strings.ts';
import { hasValue } from '../forms/schema-fields.ts';
import { type NodeCatalog, paramFields } from './node-catalog.ts';
import { branchNames, ERROR_BRANCH, edgeKey } from './outputs.ts';
import { stepIdProblem } from './step-ids.ts';
import { settingsProblems } from './workflow-settings.ts';

export type Problem = {
  /** The node the problem is drawn on (`trigger` or a step id); null for workflow-wide problems. */
  nodeId: string | null;
  /** The parameter it concerns, so the node panel can mark the field. */
  field: string | null;
  edge: string | null;
  severity: 'error' | 'warning';
  message: string;
};

/**
 * Checks the graph as it is being edited. `catalog` may be empty while the node types load;
 * checks that need it are skipped rather than reported as unknown types.
 */
export function validateGraph(doc: WorkflowDocument, catalog: NodeCatalog): Problem[] {
  const problems: Problem[] = [];
  const report = (nodeId: string | null, message: string, extra: Partial<Problem> = {}) =>
    problems.push({ nodeId, field: null, edge: null, severity: 'error', message, ...extra });

  const ids = new Set<string>([TRIGGER_ID]);
  doc.steps.forEach((step, index) => {
    const others = doc.steps.filter((_, other) => other !== index).map((other) => other.id);
    const idProblem = stepIdProblem(step.id, others);
    if (idProblem) report(step.id, idProblem);
    ids.add(step.id);
  });

  for (const step of doc.steps) {
    const nodeType = catalog.get(step.type);
    if (catalog.size > 0 && !nodeType) {
      report(step.id, `Unknown node type "${step.type}".`);
      continue;
    }
    for (const field of paramFields(nodeType)) {
      const value = step.params?.[field.name];
      if (field.required && !hasValue(value)) {
        report(step.id, `${field.label} is required.`, { field: field.name });
        continue;
      }
      const source = field.kind === 'jsonata' && typeof value === 'string' ? value : null;
      checkExpression(step.id, field.name, field.label, source ?? value, source !== null, report);
    }
    if (!nodeType) {
      for (const [name, value] of Object.entries(step.params ?? {}))
        checkExpression(step.id, name, name, value, false, report);
    }
  }

  for (const edge of doc.edges) {
    const key = edgeKey(edge);
    if (!ids.has(edge.from) || !ids.has(edge.to)) {
      const missing = ids.has(edge.from) ? edge.to : edge.from;
      const anchor = ids.has(edge.from) ? edge.from : ids.has(edge.to) ? edge.to : null;
      report(anchor, `A connection points to "${missing}", which does not exist.`, { edge: key });
      continue;
    }
    if (edge.to === TRIGGER_ID) report(edge.from, 'Nothing can connect into the trigger.', { edge: key });
    if (edge.from === TRIGGER_ID || edge.branch === ERROR_BRANCH) continue;
    const source = doc.steps.find((step) => step.id === edge.from);
    const nodeType = source ? catalog.get(source.type) : undefined;
    if (!source || !nodeType) continue;
    const branches = branchNames(source, nodeType);
    if (edge.branch === undefined && branches.length > 0) {
      report(edge.from, `Connect "${edge.to}" to one of the outputs ${branches.join(', ')}.`, { edge: key });
    } else if (edge.branch !== undefined && !branches.includes(edge.branch)) {
      report(edge.from, `"${edge.branch}" is not an output of this step.`, { edge: key });
    }
  }

  for (const id of nodesInCycles(doc)) report(id, 'This step is part of a loop; workflows must not cycle.');

  const reachable = reachableFromTrigger(doc);
  for (const step of doc.steps) {
    if (!reachable.has(step.id)) {
      problems.push({
        nodeId: step.id,
        field: null,
        edge: null,
        severity: 'warning',
        message: 'Not connected to the trigger, so it never runs.',
      });
    }
  }
  for (const [pointer, message] of Object.entries(settingsProblems(doc.settings)))
    report(null, `${pointer}: ${message}`, { field: pointer });
  return problems;
}

function checkExpression(
  nodeId: string,
  field: string,
  label: string,
  value: unknown,
  alwaysJsonata: boolean,
  report: (nodeId: string, message: string, extra: Partial<Problem>) => void,
): void {
  const source =
    alwaysJsonata && typeof value === 'string' ? value : isExpressionValue(value) ? expressionBody(value) : null;
  if (source === null) return;
  const compiled = compileExpression(source);
  if (!compiled.ok) report(nodeId, `${label}: ${compiled.problem.message}`, { field });
}

/** Steps on a directed cycle (Tarjan's strongly connected components, plus self-loops). */
export function nodesInCycles(doc: WorkflowDocument): Set<string> {
  const next = adjacency(doc);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const inCycle = new Set<string>();
  let counter = 0;

  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (next.get(node) ?? []).includes(node)) for (const id of component) inCycle.add(id);
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return inCycle;
}

export function reachableFromTrigger(doc: WorkflowDocument): Set<string> {
  const next = adjacency(doc);
  const seen = new Set<string>([TRIGGER_ID]);
  const queue = [TRIGGER_ID];
  while (queue.length > 0) {
    for (const target of next.get(queue.shift()!) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

function adjacency(doc: WorkflowDocument): Map<string, string[]> {
  const next = new Map<string, string[]>([
    [TRIGGER_ID, []],
    ...doc.steps.map((step) => [step.id, []] as [string, string[]]),
  ]);
  for (const edge of doc.edges) {
    if (next.has(edge.from) && next.has(edge.to)) next.get(edge.from)!.push(edge.to);
  }
  return next;
}

/** Maps the server's JSON-pointer problems (`/steps/2/params/url`) onto the nodes they concern. */
export function problemsFromServer(doc: WorkflowDocument, errors: ValidationProblem[]): Problem[] {
  return errors.map((error) => {
    const parts = error.pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    let nodeId: string | null = null;
    let field: string | null = null;
    if (parts[0] === 'steps' && parts[1] !== undefined) {
      nodeId = doc.steps[Number(parts[1])]?.id ?? null;
      if (parts[2] === 'params' && parts[3] !== undefined) field = parts[3];
    } else if (parts[0] === 'trigger') {
      nodeId = TRIGGER_ID;
    } else if (parts[0] === 'edges' && parts[1] !== undefined) {
      nodeId = doc.edges[Number(parts[1])]?.from ?? null;
    } else if (parts[0] === 'settings') {
      // The settings panel shows these next to its controls, which it finds by pointer.
      field = error.pointer;
    }
    const where = nodeId === null && error.pointer ? `${error.pointer}: ` : '';
    return { nodeId, field, edge: null, severity: 'error', message: `${where}${error.message}` };
  });
}

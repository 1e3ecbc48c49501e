import type { NodeTypeView } from '../../../server/http/api-types.ts';
import type { EdgeSpec, StepSpec, WorkflowDocument } from '../../../server/workflow/types.ts';

/** Handle id of a step's ordinary (unnamed) output; edges leaving it carry no `branch`. */
export const DEFAULT_HANDLE = 'main';
/** Every step can route its final failure along an `error` edge. */
export const ERROR_BRANCH = 'error';

export type OutputHandle = { id: string; branch: string | undefined; label: string | null };

/** Names of the branches a switch-like node derives from its own parameters (its case names). */
export function dynamicBranchNames(params: Record<string, unknown> | undefined): string[] {
  const cases = params?.cases;
  if (Array.isArray(cases)) {
    return cases
      .map((entry, index) => {
        if (typeof entry === 'string') return entry;
        if (entry && typeof entry === 'object') {
          const name = (entry as Record<string, unknown>).name ?? (entry as Record<string, unknown>).case;
          if (typeof name === 'string' && name !== '') return name;
        }
        return `case${index + 1}`;
      })
      .filter((name, index, all) => all.indexOf(name) === index);
  }
  if (cases && typeof cases === 'object') return Object.keys(cases);
  return [];
}

/** Named branches of a step, or an empty list when it has a single ordinary output. */
export function branchNames(step: StepSpec, nodeType: NodeTypeView | undefined): string[] {
  const declared = nodeType?.outputs ?? [];
  if (nodeType?.dynamicOutputs) {
    const dynamic = dynamicBranchNames(step.params);
    return [...dynamic, ...declared.filter((name) => !dynamic.includes(name))];
  }
  // A single declared output (e.g. `main`) is the ordinary output, addressed without a branch.
  return declared.length > 1 ? declared.filter((name) => name !== ERROR_BRANCH) : [];
}

/**
 * The source handles drawn on a step: its branches (or one ordinary output), any branch that
 * existing edges use but the node type does not declare (so a hand-written file still renders
 * and the mismatch can be flagged), and the error output.
 */
export function stepOutputHandles(
  step: StepSpec,
  nodeType: NodeTypeView | undefined,
  edges: EdgeSpec[],
): OutputHandle[] {
  const branches = branchNames(step, nodeType);
  const handles: OutputHandle[] =
    branches.length > 0
      ? branches.map((name) => ({ id: name, branch: name, label: name }))
      : [{ id: DEFAULT_HANDLE, branch: undefined, label: null }];
  for (const edge of edges) {
    if (edge.from !== step.id || edge.branch === undefined || edge.branch === ERROR_BRANCH) continue;
    if (!handles.some((handle) => handle.branch === edge.branch)) {
      handles.push({ id: edge.branch, branch: edge.branch, label: edge.branch });
    }
  }
  handles.push({ id: ERROR_BRANCH, branch: ERROR_BRANCH, label: 'error' });
  return handles;
}

export function handleIdOfBranch(branch: string | undefined): string {
  return branch ?? DEFAULT_HANDLE;
}

export function branchOfHandleId(handleId: string | null | undefined): string | undefined {
  return !handleId || handleId === DEFAULT_HANDLE ? undefined : handleId;
}

export function edgeKey(edge: EdgeSpec): string {
  return `${edge.from}:${edge.branch ?? ''}->${edge.to}`;
}

export function findStep(doc: WorkflowDocument, id: string): StepSpec | undefined {
  return doc.steps.find((step) => step.id === id);
}

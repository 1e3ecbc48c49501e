import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';

// Approximate rendered node size; dagre needs one to space the layers.
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 76;

export function needsLayout(doc: WorkflowDocument): boolean {
  const layout = doc.layout ?? {};
  return [TRIGGER_ID, ...doc.steps.map((step) => step.id)].some((id) => !layout[id]);
}

/**
 * Left-to-right layered layout of the whole graph. dagre is loaded on demand: it is only needed
 * when a file without positions is imported or the user asks for a tidy-up.
 */
export async function autoLayout(doc: WorkflowDocument): Promise<Record<string, { x: number; y: number }>> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 48, ranksep: 96, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = [TRIGGER_ID, ...doc.steps.map((step) => step.id)];
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  doc.edges.forEach((edge, index) => {
    if (ids.includes(edge.from) && ids.includes(edge.to)) graph.setEdge(edge.from, edge.to, {}, `e${index}`);
  });
  dagre.layout(graph);
  const layout: Record<string, { x: number; y: number }> = {};
  for (const id of ids) {
    const node = graph.node(id);
    // dagre gives centres; React Flow positions are top-left corners.
    layout[id] = { x: Math.round(node.x - NODE_WIDTH / 2), y: Math.round(node.y - NODE_HEIGHT / 2) };
  }
  return layout;
}

/** Fills in positions for nodes that have none, keeping the ones the user placed. */
export async function withCompleteLayout(doc: WorkflowDocument): Promise<WorkflowDocument> {
  if (!needsLayout(doc)) return doc;
  const existing = doc.layout ?? {};
  const hasAny = Object.keys(existing).length > 0;
  const computed = await autoLayout(doc);
  return { ...doc, layout: hasAny ? { ...computed, ...existing } : computed };
}

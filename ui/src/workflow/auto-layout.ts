import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';

// Approximate rendered node size; dagre needs one to space the layers.
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 76;

export function needsLayout(doc: WorkflowDocument): boolean {
  const layout = doc.layout ?? {};
  return [TRIGGER_ID, ...doc.steps.map((step) => step.id)].some((id) => !layout[id]);
}

/** The canvas area a layout should fit, in screen pixels. */
export type LayoutArea = { width: number; height: number };

type Positions = Record<string, { x: number; y: number }>;

/** Below this zoom node text (13 px) gets too small to read comfortably. */
export const READABLE_ZOOM = 0.75;
/** fitView padding used with layouts: a fraction of the viewport on each side. */
export const FIT_PADDING = 0.08;

/**
 * Layered layout of the whole graph, left to right in execution order. When that would only fit
 * the canvas below a readable zoom (a long chain on a laptop screen, where the side panel takes
 * a third of the width), it runs top to bottom instead if that reads better. dagre is loaded on
 * demand: it is only needed when a file without positions is imported or on "Tidy up".
 */
export async function autoLayout(doc: WorkflowDocument, area?: LayoutArea): Promise<Positions> {
  const { default: dagre } = await import('@dagrejs/dagre');
  const ids = [TRIGGER_ID, ...doc.steps.map((step) => step.id)];
  const run = (rankdir: 'LR' | 'TB') => {
    const graph = new dagre.graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir, nodesep: rankdir === 'LR' ? 40 : 56, ranksep: 64, marginx: 0, marginy: 0 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
    doc.edges.forEach((edge, index) => {
      if (ids.includes(edge.from) && ids.includes(edge.to)) graph.setEdge(edge.from, edge.to, {}, `e${index}`);
    });
    dagre.layout(graph);
    const layout: Positions = {};
    for (const id of ids) {
      const node = graph.node(id);
      // dagre gives centres; React Flow positions are top-left corners.
      layout[id] = { x: Math.round(node.x - NODE_WIDTH / 2), y: Math.round(node.y - NODE_HEIGHT / 2) };
    }
    return layout;
  };
  const across = run('LR');
  if (!area || fitZoom(across, area) >= READABLE_ZOOM) return across;
  const down = run('TB');
  return fitZoom(down, area) > fitZoom(across, area) ? down : across;
}

/** The zoom at which all nodes fit the area with the fit padding (capped at 1, as fitView is). */
export function fitZoom(layout: Positions, area: LayoutArea): number {
  const points = Object.values(layout);
  if (points.length === 0) return 1;
  const width = Math.max(...points.map((p) => p.x)) - Math.min(...points.map((p) => p.x)) + NODE_WIDTH;
  const height = Math.max(...points.map((p) => p.y)) - Math.min(...points.map((p) => p.y)) + NODE_HEIGHT;
  const usable = 1 - 2 * FIT_PADDING;
  return Math.min(1, (area.width * usable) / width, (area.height * usable) / height);
}

/** Fills in positions for nodes that have none, keeping the ones the user placed. */
export async function withCompleteLayout(doc: WorkflowDocument, area?: LayoutArea): Promise<WorkflowDocument> {
  if (!needsLayout(doc)) return doc;
  const existing = doc.layout ?? {};
  const hasAny = Object.keys(existing).length > 0;
  const computed = await autoLayout(doc, hasAny ? undefined : area);
  return { ...doc, layout: hasAny ? { ...computed, ...existing } : computed };
}

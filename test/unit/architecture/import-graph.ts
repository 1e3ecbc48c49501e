// Reads the static import graph of server/ (type-only imports included: a type cycle is
// still a knot in the design) and judges it against the layer order in README
// "Architecture". Pure functions over a graph, so the checks can be shown to fail too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** file (relative to the root, e.g. `engine/plan.ts`) → the files it imports. */
export type ImportGraph = Map<string, string[]>;

const IMPORT =
  /(?:^|[\s;}])(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

export function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const from = relative(root, p);
        const targets = new Set<string>();
        for (const m of readFileSync(p, 'utf8').matchAll(IMPORT)) {
          targets.add(normalize(join(dirname(from), m[1] ?? m[2])));
        }
        graph.set(from, [...targets]);
      }
    }
  };
  walk(root);
  return graph;
}

/** The layer of a file: its top folder, or its name for files at the root (`runtime`). */
export const unitOf = (file: string): string => file.split('/')[0].replace(/\.ts$/, '');

/** Imports that point up (or sideways into another unit of the same rank), and units no layer names. */
export function layerViolations(graph: ImportGraph, layers: string[][]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((units, i) => {
    for (const u of units) rank.set(u, i);
  });
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const a = unitOf(from);
    if (!rank.has(a)) out.push(`${from}: ${a}/ is in no layer`);
    for (const to of targets) {
      const b = unitOf(to);
      if (a === b || !rank.has(a)) continue;
      if (!rank.has(b)) out.push(`${from} → ${to}: ${b}/ is in no layer`);
      else if (rank.get(b)! >= rank.get(a)!) out.push(`${from} → ${to}: ${a}/ may not import ${b}/`);
    }
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

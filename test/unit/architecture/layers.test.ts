// The README's arrows, enforced: no import points up or sideways between layers, no import
// cycle anywhere in server/ (type-only imports included), and integrations stay apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, type ImportGraph, layerViolations, readImportGraph } from './import-graph.ts';
import { biomeOverrides, LAYERS } from './layers.ts';

const ROOT = join(import.meta.dirname, '../../..');
const graph = readImportGraph(join(ROOT, 'server'));

describe('server/ layers', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('engine/run-scope.ts')).toContain('engine/run-loop.ts');
  });

  it('has no import pointing up or sideways, and no folder outside the layers', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('keeps integrations apart: a folder under nodes/ imports no other integration', () => {
    const shared = (f: string) => f.split('/').length === 2 || f.startsWith('nodes/outbound/');
    const crossing: string[] = [];
    for (const [from, targets] of graph) {
      if (!from.startsWith('nodes/') || shared(from)) continue;
      const own = from.split('/')[1];
      for (const to of targets) {
        if (to.startsWith('nodes/') && !shared(to) && to.split('/')[1] !== own) crossing.push(`${from} → ${to}`);
      }
    }
    expect(crossing).toEqual([]);
  });

  it('gives Biome the same rules (biome.json overrides), so editors flag a wrong-way import too', () => {
    const biome = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8'));
    expect(biome.overrides).toEqual(expect.arrayContaining(biomeOverrides(LAYERS)));
    const cycles = biome.overrides.find((o: { includes: string[] }) => o.includes.includes('server/**'));
    expect(cycles.linter.rules.suspicious.noImportCycles).toBe('error');
  });

  it('catches what it is for: an upward import, a sideways one, an unlisted folder, a cycle', () => {
    const g: ImportGraph = new Map([
      ['store/store.ts', ['http/api-types.ts']],
      ['http/api-types.ts', ['store/store.ts']],
      ['queue/queue.ts', ['store/store.ts']],
      ['extra/x.ts', ['lib/ids.ts']],
      ['lib/ids.ts', []],
    ]);
    expect(layerViolations(g, LAYERS)).toEqual([
      'store/store.ts → http/api-types.ts: store/ may not import http/',
      'queue/queue.ts → store/store.ts: queue/ may not import store/',
      'extra/x.ts: extra/ is in no layer',
    ]);
    expect(findCycles(g)).toEqual([['http/api-types.ts', 'store/store.ts']]);
  });
});

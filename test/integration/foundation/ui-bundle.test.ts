// The editor's bundle, built as `npm start` builds it: no size warning on the console, and the
// JavaScript budgets hold — the first load (the workflow list and sign-in) ≤ 100 kB gzipped,
// opening the editor (React Flow, CodeMirror, JSONata) ≤ 400 kB more.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
type Chunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; src?: string };

let out: { dir: string; cleanup: () => void };
let buildLog = '';
let manifest: Record<string, Chunk>;

beforeAll(() => {
  out = tempDir('hookflow-ui-');
  // As `npm start` runs it: vitest's NODE_ENV=test would select React's development build.
  const { NODE_ENV: _, ...env } = process.env;
  const build = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'ui/vite.config.ts',
      '--outDir',
      out.dir,
      '--manifest',
    ],
    { cwd: ROOT, encoding: 'utf8', env },
  );
  // Vite prints the size warning on stderr.
  buildLog = `${build.stdout}${build.stderr}`;
  if (build.status !== 0) throw new Error(`vite build failed:\n${buildLog}`);
  manifest = JSON.parse(readFileSync(path.join(out.dir, '.vite', 'manifest.json'), 'utf8'));
}, 120_000);
afterAll(() => out?.cleanup());

/** Gzipped bytes of a chunk and everything it imports statically (each file counted once). */
function gzippedClosure(keys: string[], seen = new Set<string>()): number {
  let total = 0;
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const chunk = manifest[key];
    total += gzipSync(readFileSync(path.join(out.dir, chunk.file))).length;
    total += gzippedClosure(chunk.imports ?? [], seen);
  }
  return total;
}

describe('the editor bundle', () => {
  it('builds without the "chunks larger than 600 kB" warning', () => {
    expect(buildLog).toContain('built in');
    expect(buildLog).not.toMatch(/larger than/i);
  });

  it('keeps the first load within 100 kB and the editor within 400 kB of gzipped JavaScript', () => {
    const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)!;
    const firstSeen = new Set<string>();
    const firstLoad = gzippedClosure([entry], firstSeen);
    const editorKey = Object.keys(manifest).find((key) => key.endsWith('editor/editor-page.tsx'))!;
    expect(manifest[entry].dynamicImports).toContain(editorKey);
    const editor = gzippedClosure([editorKey], new Set(firstSeen));
    expect(firstLoad).toBeLessThanOrEqual(100 * 1024);
    expect(editor).toBeLessThanOrEqual(400 * 1024);
  });
});

// `workflows/*.json` → the store, by id, at start-up. A file that does not validate is
// reported by path and pointer and skipped; the others still load. A file's `active` flag
// applies when the workflow is created or the file changes.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpressionLimits } from '../engine/expressions.ts';
import type { Problem } from '../lib/ajv.ts';
import type { Store } from '../store/store.ts';
import { validateWorkflow } from './validate-workflow.ts';

export type FileReport = {
  file: string;
  id?: string;
  status: 'created' | 'updated' | 'unchanged' | 'invalid';
  problems?: Problem[];
};

export async function listWorkflowFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json'))
    .sort()
    .map((n) => path.join(dir, n));
}

export async function readWorkflowFile(file: string, limits: ExpressionLimits) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return { ok: false as const, problems: [{ pointer: '/', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validateWorkflow(parsed, limits);
}

export async function loadWorkflowFiles(dir: string, store: Store, limits: ExpressionLimits): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of await listWorkflowFiles(dir)) {
    const result = await readWorkflowFile(file, limits);
    if (!result.ok) {
      reports.push({ file, status: 'invalid', problems: result.problems });
      continue;
    }
    const doc = result.document;
    // A new workflow takes the file's flag (the schema's default when it has none). After
    // that the flag applies only when the file changes: re-reading an unchanged file at every
    // start must not undo an activation (or deactivation) made in the editor.
    const isNew = !(await store.getWorkflow(doc.id));
    const { row, created, changed } = await store.saveWorkflow(
      isNew ? doc : { ...doc, active: undefined },
      `file:${path.basename(file)}`,
    );
    if (changed && !created && doc.active !== undefined && doc.active !== row.active) {
      await store.setActive(doc.id, doc.active);
    }
    reports.push({ file, id: doc.id, status: created ? 'created' : changed ? 'updated' : 'unchanged' });
  }
  return reports;
}

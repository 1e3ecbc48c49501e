// Workflow files as the CLI sees them: collected from paths, validated, compared with the
// server's copies, and written in a stable layout so exports diff minimally in git.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listWorkflowFiles, readWorkflowFile } from '../authoring/load-workflow-files.ts';
import type { Problem } from '../lib/ajv.ts';
import { stableStringify } from '../lib/stable-json.ts';
import type { WorkflowDocument } from '../workflow/types.ts';

export const SCHEMA_REF = './workflow.schema.json';
const LIMITS = { timeoutMs: 1000 };

export type CheckedFile =
  | { file: string; ok: true; document: WorkflowDocument }
  | { file: string; ok: false; problems: Problem[] };

/** Files named directly, and the `*.json` workflow files of directories named. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) files.push(...(await listWorkflowFiles(p)));
    else files.push(p);
  }
  return files;
}

/** Validates every file (schema, node types, graph, expressions) and flags duplicate ids. */
export async function checkFiles(files: string[]): Promise<CheckedFile[]> {
  const checked: CheckedFile[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const r = await readWorkflowFile(file, LIMITS);
    if (!r.ok) {
      checked.push({ file, ok: false, problems: r.problems });
      continue;
    }
    const first = seen.get(r.document.id);
    if (first) {
      checked.push({
        file,
        ok: false,
        problems: [{ pointer: '/id', message: `"${r.document.id}" is also the id of ${path.basename(first)}` }],
      });
      continue;
    }
    seen.set(r.document.id, file);
    checked.push({ file, ok: true, document: r.document });
  }
  return checked;
}

export function formatProblemsOf(c: CheckedFile & { ok: false }): string[] {
  return c.problems.map((p) => `${c.file}: ${p.pointer}: ${p.message}`);
}

/** What a workflow is, for comparison: neither the editor hint `$schema` nor the `active` flag. */
export function contentOf(doc: WorkflowDocument): string {
  const { $schema: _schema, active: _active, ...rest } = doc as WorkflowDocument & { $schema?: string };
  return stableStringify(rest);
}

const LEADING_KEYS = ['$schema', 'id', 'name', 'description', 'active'];

/** The file text for a document: `$schema` and the identifying keys first, then the rest in
 * the order the author wrote them (the store keeps it), two-space indent, final newline. */
export function formatWorkflowFile(doc: WorkflowDocument, active: boolean): string {
  const source: Record<string, unknown> = {
    ...(doc as Record<string, unknown>),
    $schema: (doc as { $schema?: string }).$schema ?? SCHEMA_REF,
    active,
  };
  const ordered: Record<string, unknown> = {};
  for (const k of LEADING_KEYS) if (source[k] !== undefined) ordered[k] = source[k];
  for (const [k, v] of Object.entries(source)) if (!(k in ordered)) ordered[k] = v;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** `shop order!.json` → a safe file name for an id. */
export const fileNameFor = (id: string) => `${id.replace(/[^\w.-]+/g, '-')}.json`;

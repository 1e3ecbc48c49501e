// The template gallery: ready-made workflows in `workflows/templates/<id>.json`, each with a sample
// request in `workflows/templates/<id>.sample.json` so the editor's previews work the moment one is
// installed. Read and validated once per process; a file that does not validate is left out
// (and fails the golden test that checks every template).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpressionLimits } from '../engine/expressions.ts';
import type { Problem } from '../lib/ajv.ts';
import type { WorkflowDocument } from '../workflow/types.ts';
import { validateWorkflow } from './validate-workflow.ts';

export const TEMPLATES_DIR = path.join(import.meta.dirname, '..', '..', 'workflows', 'templates');

export type TemplateSample = {
  method?: string;
  headers?: Record<string, string>;
  query?: Record<string, unknown>;
  body: unknown;
};

export type WorkflowTemplate = { document: WorkflowDocument; sample: TemplateSample };
export type TemplateLoad = { templates: WorkflowTemplate[]; invalid: { file: string; problems: Problem[] }[] };

export async function loadTemplates(dir: string, limits: ExpressionLimits): Promise<TemplateLoad> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { templates: [], invalid: [] };
    throw err;
  }
  const out: TemplateLoad = { templates: [], invalid: [] };
  for (const name of names.filter((n) => n.endsWith('.json') && !n.endsWith('.sample.json')).sort()) {
    const file = path.join(dir, name);
    const problems: Problem[] = [];
    let document: unknown;
    let sample: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
      sample = JSON.parse(await readFile(file.replace(/\.json$/, '.sample.json'), 'utf8'));
    } catch (err) {
      problems.push({ pointer: '/', message: `unreadable: ${(err as Error).message}` });
    }
    const checked = problems.length === 0 ? validateWorkflow(document, limits) : null;
    if (checked && !checked.ok) problems.push(...checked.problems);
    if (checked?.ok && checked.document.active !== false) {
      problems.push({ pointer: '/active', message: 'a template must be inactive: it installs without going live' });
    }
    if (checked?.ok && checked.document.id !== name.replace(/\.json$/, '')) {
      problems.push({ pointer: '/id', message: `must match the file name "${name}"` });
    }
    if (sample === null || typeof sample !== 'object' || !('body' in sample)) {
      problems.push({
        pointer: '/sample',
        message: `${name.replace(/\.json$/, '.sample.json')} must hold {headers, body}`,
      });
    }
    if (problems.length > 0 || !checked?.ok) out.invalid.push({ file, problems });
    else out.templates.push({ document: checked.document, sample: sample as TemplateSample });
  }
  return out;
}

/** The credential names a template's trigger and steps refer to: what to create before activating. */
export function templateCredentials(doc: WorkflowDocument): string[] {
  const names = new Set<string>();
  const auth = doc.trigger.auth as { credential?: string } | undefined;
  if (auth?.credential) names.add(auth.credential);
  for (const step of doc.steps) if (step.credential) names.add(step.credential);
  return [...names];
}

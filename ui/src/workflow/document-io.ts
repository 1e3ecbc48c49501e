import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { TRIGGER_ID } from '../../../server/workflow/types.ts';
import { slugify } from './step-ids.ts';

export const SCHEMA_REFERENCE = './workflow.schema.json';

export function newWorkflowDocument(name: string, id = slugify(name)): WorkflowDocument {
  return {
    $schema: SCHEMA_REFERENCE,
    id,
    name,
    // A new workflow starts inactive: its URL should only run executions once the user says so.
    active: false,
    trigger: { type: 'webhook', methods: ['POST'], response: { mode: 'async' } },
    steps: [],
    edges: [],
    layout: { [TRIGGER_ID]: { x: 0, y: 0 } },
  };
}

/**
 * Reads an uploaded workflow file. Only the shape the editor needs is checked here; the server
 * validates the document against `workflow.schema.json` when it is saved.
 */
export function parseWorkflowFile(text: string): WorkflowDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('A workflow file holds one object.');
  const doc = value as Partial<WorkflowDocument>;
  if (typeof doc.id !== 'string' || doc.id === '') throw new Error('The workflow has no "id".');
  if (typeof doc.name !== 'string') throw new Error('The workflow has no "name".');
  if (!doc.trigger || typeof doc.trigger !== 'object') throw new Error('The workflow has no "trigger".');
  if (!Array.isArray(doc.steps)) throw new Error('The workflow has no "steps" list.');
  return { ...doc, edges: Array.isArray(doc.edges) ? doc.edges : [] } as WorkflowDocument;
}

/** The document as it would be committed to `workflows/`: stable key order, two-space JSON. */
export function serializeWorkflowFile(doc: WorkflowDocument): string {
  const { $schema, id, name, description, tags, active, trigger, steps, edges, layout, notes, settings, ...rest } = doc;
  const ordered = {
    $schema: $schema ?? SCHEMA_REFERENCE,
    id,
    name,
    description,
    tags,
    active,
    trigger,
    steps,
    edges,
    ...rest,
    settings,
    layout,
    notes,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function sameDocument(a: WorkflowDocument, b: WorkflowDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

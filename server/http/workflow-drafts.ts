// Drafts: a saved document with problems is kept (never run) instead of being refused, so
// half-built workflows can be saved; activation waits until a version without problems
// replaces it. A body that is not workflow-shaped (an object with a usable id, a trigger object,
// steps and edges arrays of objects) is still a 400.

import { validateWorkflow } from '../authoring/validate-workflow.ts';
import type { ExpressionLimits } from '../engine/expressions.ts';
import type { DraftRow } from '../store/store.ts';
import type { WorkflowDocument } from '../workflow/types.ts';
import type { WorkflowDraftView } from './api-types.ts';

const ID = /^[a-z0-9][a-z0-9-_]{0,79}$/;

export type StorableDraft = {
  id: string;
  name: string;
  document: Record<string, unknown>;
  problems: { pointer: string; message: string }[];
};

/** The document as a draft when it has problems but can be kept; null when it has none (or cannot be kept). */
export function storableDraft(body: unknown, limits: ExpressionLimits): StorableDraft | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const doc = body as Record<string, unknown>;
  if (typeof doc.id !== 'string' || !ID.test(doc.id)) return null;
  // What the editor saves is always this shape; anything else is not a workflow being built.
  const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!Array.isArray(doc.steps) || !Array.isArray(doc.edges) || !isObject(doc.trigger)) return null;
  if (!doc.steps.every(isObject) || !doc.edges.every(isObject)) return null;
  const result = validateWorkflow(body, limits);
  if (result.ok) return null;
  const name = typeof doc.name === 'string' && doc.name.trim() !== '' ? doc.name.slice(0, 200) : doc.id;
  return { id: doc.id, name, document: doc, problems: result.problems };
}

/** The first version of a workflow first saved with problems: a trigger and nothing to run. */
export function skeleton(draft: StorableDraft): WorkflowDocument {
  return { id: draft.id, name: draft.name, active: false, trigger: { type: 'webhook' }, steps: [], edges: [] };
}

export function draftView(draft: DraftRow | null): WorkflowDraftView | null {
  if (!draft) return null;
  return { document: draft.document, problems: draft.problems, savedAt: new Date(draft.savedAt).toISOString() };
}

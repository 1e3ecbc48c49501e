import { createContext, useContext } from 'react';
import type { ExecutionView, TriggerInput, WorkflowView } from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import type { CredentialSummary } from '../api/endpoints.ts';
import type { PreviewInputs } from '../expressions/preview-scope.ts';
import type { Problem } from '../workflow/graph-validation.ts';
import type { NodeCatalog } from '../workflow/node-catalog.ts';

export type EditRecipe = (doc: WorkflowDocument) => WorkflowDocument;
export type SampleChoice = { input: TriggerInput; label: string };

/** What the panels and the canvas share; the editor component owns all of it. */
export type EditorContextValue = {
  doc: WorkflowDocument;
  edit: (recipe: EditRecipe, coalesce?: string) => void;
  catalog: NodeCatalog;
  credentials: CredentialSummary[];
  /** The saved workflow as the server knows it; null for a draft never saved. */
  view: WorkflowView | null;
  setView: (view: WorkflowView) => void;
  problems: Problem[];
  selectedNodeIds: string[];
  select: (nodeIds: string[]) => void;
  sample: SampleChoice | null;
  setSample: (sample: SampleChoice | null) => void;
  previewInputs: PreviewInputs;
  previewOutputs: Record<string, unknown>;
  execution: ExecutionView | null;
  openExecution: (id: string | null) => void;
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor outside the workflow editor');
  return value;
}

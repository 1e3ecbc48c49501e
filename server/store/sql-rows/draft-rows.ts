// The drafts row and its mapping, shared by the SQL adapters.
import type { DraftRow } from '../store.ts';

export const draftOf = (r: {
  workflow_id: string;
  document: string;
  problems: string;
  saved_at: number;
}): DraftRow => ({
  workflowId: r.workflow_id,
  document: JSON.parse(r.document),
  problems: JSON.parse(r.problems),
  savedAt: Number(r.saved_at),
});

import type { WorkflowDocument } from '../../../server/workflow/types.ts';

// Tags label workflows for the list's filter. Same bounds as `tags` in workflow.schema.json, so
// what the editor accepts the server accepts.
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Why a tag cannot be added, in words; null when it can. */
export function tagProblem(tag: string, existing: string[]): string | null {
  if (tag === '') return 'Type a tag first.';
  if (tag.length > MAX_TAG_LENGTH) return `Keep a tag to ${MAX_TAG_LENGTH} characters.`;
  if (existing.some((other) => other.toLowerCase() === tag.toLowerCase())) return `"${tag}" is already a tag.`;
  if (existing.length >= MAX_TAGS) return `A workflow has at most ${MAX_TAGS} tags; remove one first.`;
  return null;
}

/** Sets the tags; no tags means no `tags` key, so untagged files stay as they were. */
export function setTags(doc: WorkflowDocument, tags: string[]): WorkflowDocument {
  const { tags: _previous, ...rest } = doc;
  return tags.length === 0 ? rest : { ...rest, tags };
}

type Listed = { id: string; name: string; document: { tags?: string[] } };

/** Every tag in use, sorted, for the filter's choices. */
export function allTags(items: Listed[]): string[] {
  return [...new Set(items.flatMap((item) => item.document.tags ?? []))].sort((a, b) => a.localeCompare(b));
}

/** Matches the search text anywhere in the name or the id (any case), and the tag exactly. */
export function filterWorkflows<T extends Listed>(items: T[], query: string, tag: string | null): T[] {
  const needle = query.trim().toLowerCase();
  return items.filter(
    (item) =>
      (needle === '' || item.name.toLowerCase().includes(needle) || item.id.toLowerCase().includes(needle)) &&
      (tag === null || (item.document.tags ?? []).includes(tag)),
  );
}

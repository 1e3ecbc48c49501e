import { TRIGGER_ID } from '../../../server/workflow/types.ts';

// Step ids are addressed in expressions as `steps.<id>`, so keep them plain identifiers that
// JSONata reads without backticks.
const STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// Names an expression's scope already uses (workflow.schema.json's stepId).
const RESERVED = [TRIGGER_ID, 'execution', 'steps', 'item', 'index'];

export function stepIdProblem(id: string, otherIds: Iterable<string>): string | null {
  if (id === '') return 'Give the step an id.';
  if (RESERVED.includes(id)) return `"${id}" is a reserved name in expressions.`;
  if (!STEP_ID_PATTERN.test(id)) return 'Use letters, digits and _ only, starting with a letter.';
  for (const other of otherIds) if (other === id) return `Another step is already called "${id}".`;
  return null;
}

/** `http.request` → `httpRequest`, then `httpRequest2`, … until the id is free. */
export function uniqueStepId(type: string, existing: Iterable<string>): string {
  const taken = new Set(existing);
  const parts = type.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const base =
    parts.map((part, index) => (index === 0 ? part.toLowerCase() : part[0].toUpperCase() + part.slice(1))).join('') ||
    'step';
  const safeBase = /^[A-Za-z_]/.test(base) ? base : `step${base}`;
  if (!taken.has(safeBase) && !RESERVED.includes(safeBase)) return safeBase;
  for (let n = 2; ; n++) {
    const candidate = `${safeBase}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A workflow id from its name: lowercase words joined with dashes, as in `workflows/*.json`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'workflow';
}

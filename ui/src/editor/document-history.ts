import type { WorkflowDocument } from '../../../server/workflow/types.ts';

// Undo/redo over whole documents: edits are pure functions, so keeping the previous documents
// is cheap (unchanged parts are shared) and every kind of edit is undoable the same way.

const HISTORY_LIMIT = 100;

export type DocumentHistory = {
  present: WorkflowDocument;
  past: WorkflowDocument[];
  future: WorkflowDocument[];
  /** Consecutive edits with the same key (typing in one field, one drag) undo as one step. */
  coalesceKey: string | null;
};

export type HistoryAction =
  | { type: 'edit'; recipe: (doc: WorkflowDocument) => WorkflowDocument; coalesce?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'seal' }
  | { type: 'reset'; doc: WorkflowDocument };

export function initialHistory(doc: WorkflowDocument): DocumentHistory {
  return { present: doc, past: [], future: [], coalesceKey: null };
}

export function historyReducer(state: DocumentHistory, action: HistoryAction): DocumentHistory {
  switch (action.type) {
    case 'edit': {
      const next = action.recipe(state.present);
      if (next === state.present) return state;
      const coalesce = action.coalesce ?? null;
      if (coalesce !== null && coalesce === state.coalesceKey) {
        return { ...state, present: next, future: [] };
      }
      return {
        present: next,
        past: [...state.past, state.present].slice(-HISTORY_LIMIT),
        future: [],
        coalesceKey: coalesce,
      };
    }
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return {
        present: previous,
        past: state.past.slice(0, -1),
        future: [state.present, ...state.future],
        coalesceKey: null,
      };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { present: next, past: [...state.past, state.present], future: rest, coalesceKey: null };
    }
    case 'seal':
      return state.coalesceKey === null ? state : { ...state, coalesceKey: null };
    case 'reset':
      return initialHistory(action.doc);
    default: {
      const unexpected: never = action;
      return unexpected;
    }
  }
}

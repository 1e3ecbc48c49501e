// Drafts with problems (one per workflow) in SQLite.
import type { DatabaseSync } from 'node:sqlite';
import { draftOf } from '../sql-rows/draft-rows.ts';
import type { Store } from '../store.ts';

export function sqliteDrafts(db: DatabaseSync): Pick<Store, 'saveDraft' | 'getDraft' | 'deleteDraft'> {
  const upsert = db.prepare(
    `INSERT INTO workflow_drafts (workflow_id, document, problems, saved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workflow_id) DO UPDATE SET document = excluded.document, problems = excluded.problems,
       saved_at = excluded.saved_at`,
  );
  const get = db.prepare('SELECT * FROM workflow_drafts WHERE workflow_id = ?');
  const del = db.prepare('DELETE FROM workflow_drafts WHERE workflow_id = ?');
  return {
    async saveDraft(d) {
      upsert.run(d.workflowId, JSON.stringify(d.document), JSON.stringify(d.problems), d.savedAt);
    },
    async getDraft(workflowId) {
      const r = get.get(workflowId) as
        | { workflow_id: string; document: string; problems: string; saved_at: number }
        | undefined;
      return r ? draftOf(r) : null;
    },
    async deleteDraft(workflowId) {
      del.run(workflowId);
    },
  };
}

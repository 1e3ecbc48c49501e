// Drafts with problems (one per workflow) in PostgreSQL.
import { draftOf } from '../sql-rows/draft-rows.ts';
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgDrafts(sql: Sql): Pick<Store, 'saveDraft' | 'getDraft' | 'deleteDraft'> {
  return {
    async saveDraft(d) {
      const doc = JSON.stringify(d.document);
      const problems = JSON.stringify(d.problems);
      await sql`
        INSERT INTO workflow_drafts (workflow_id, document, problems, saved_at)
        VALUES (${d.workflowId}, ${doc}, ${problems}, ${d.savedAt})
        ON CONFLICT (workflow_id) DO UPDATE SET document = excluded.document, problems = excluded.problems,
          saved_at = excluded.saved_at`;
    },
    async getDraft(workflowId) {
      const [r] = await sql<{ workflow_id: string; document: string; problems: string; saved_at: number }[]>`
        SELECT * FROM workflow_drafts WHERE workflow_id = ${workflowId}`;
      return r ? draftOf(r) : null;
    },
    async deleteDraft(workflowId) {
      await sql`DELETE FROM workflow_drafts WHERE workflow_id = ${workflowId}`;
    },
  };
}

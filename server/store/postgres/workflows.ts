// Workflows, their version history and trigger tokens in PostgreSQL.
import { newToken } from '../../lib/ids.ts';
import { stableStringify } from '../../lib/stable-json.ts';
import { withoutActive } from '../sqlite/workflows.ts';
import type { VersionRow, WorkflowRow } from '../store.ts';
import type { WorkflowStore } from '../store-areas.ts';
import type { Sql } from './connect.ts';

type Row = {
  id: string;
  name: string;
  active: boolean;
  version: number;
  document: string;
  token: string;
  created_at: number;
  updated_at: number;
};
type VersionDb = { version: number; document: string; source: string; created_at: number };

const toRow = (r: Row): WorkflowRow => ({
  id: r.id,
  name: r.name,
  active: r.active,
  version: r.version,
  document: JSON.parse(r.document),
  token: r.token,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionDb): VersionRow => ({
  version: r.version,
  createdAt: r.created_at,
  source: r.source,
  document: JSON.parse(r.document),
});

export function pgWorkflows(sql: Sql): WorkflowStore {
  return {
    async saveWorkflow(doc, source, now = Date.now()) {
      return sql.begin(async (tx) => {
        // Serialises saves of one id across processes, including the first (no row to lock yet).
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`workflow:${doc.id}`}))`;
        const stored = withoutActive(doc);
        // Stored as written (key order matters to people reading exports); compared canonically.
        const text = JSON.stringify(stored);
        const [existing] = await tx<Row[]>`SELECT * FROM workflows WHERE id = ${doc.id}`;
        const active = doc.active ?? (existing ? existing.active : true);
        if (!existing) {
          const [row] = await tx<Row[]>`
            INSERT INTO workflows (id, name, active, version, document, token, created_at, updated_at)
            VALUES (${doc.id}, ${doc.name}, ${active}, 1, ${text}, ${newToken()}, ${now}, ${now}) RETURNING *`;
          await tx`INSERT INTO workflow_versions (workflow_id, version, document, source, created_at)
                   VALUES (${doc.id}, 1, ${text}, ${source}, ${now})`;
          return { row: toRow(row), created: true, changed: true };
        }
        const changed = stableStringify(JSON.parse(existing.document)) !== stableStringify(stored);
        const version = changed ? existing.version + 1 : existing.version;
        if (changed) {
          await tx`INSERT INTO workflow_versions (workflow_id, version, document, source, created_at)
                   VALUES (${doc.id}, ${version}, ${text}, ${source}, ${now})`;
        }
        if (!changed && existing.active === active) return { row: toRow(existing), created: false, changed };
        const [row] = await tx<Row[]>`
          UPDATE workflows SET name = ${doc.name}, active = ${active}, version = ${version}, document = ${text},
            updated_at = ${now} WHERE id = ${doc.id} RETURNING *`;
        return { row: toRow(row), created: false, changed };
      });
    },
    async getWorkflow(id) {
      const [r] = await sql<Row[]>`SELECT * FROM workflows WHERE id = ${id}`;
      return r ? toRow(r) : null;
    },
    async listWorkflows() {
      return (await sql<Row[]>`SELECT * FROM workflows ORDER BY name, id`).map(toRow);
    },
    async listTriggerTokens() {
      // From the UNIQUE index on token alone (an index-only scan): no document is read.
      return (await sql<{ token: string }[]>`SELECT token FROM workflows`).map((r) => r.token);
    },
    async deleteWorkflow(id) {
      return sql.begin(async (tx) => {
        await tx`DELETE FROM workflow_versions WHERE workflow_id = ${id}`;
        await tx`DELETE FROM dedupe_keys WHERE workflow_id = ${id}`;
        await tx`DELETE FROM trigger_samples WHERE workflow_id = ${id}`;
        await tx`DELETE FROM alert_slots WHERE workflow_id = ${id}`;
        return (await tx`DELETE FROM workflows WHERE id = ${id}`).count > 0;
      });
    },
    async setActive(id, active) {
      const [r] = await sql<Row[]>`
        UPDATE workflows SET active = ${active}, updated_at = ${Date.now()} WHERE id = ${id} RETURNING *`;
      return r ? toRow(r) : null;
    },
    async rotateToken(id) {
      const [r] = await sql<Row[]>`
        UPDATE workflows SET token = ${newToken()}, updated_at = ${Date.now()} WHERE id = ${id} RETURNING *`;
      return r ? toRow(r) : null;
    },
    async listVersions(id) {
      const rows = await sql<VersionDb[]>`
        SELECT version, document, source, created_at FROM workflow_versions WHERE workflow_id = ${id}
        ORDER BY version DESC`;
      return rows.map(toVersion);
    },
    async getVersion(id, version) {
      const [r] = await sql<VersionDb[]>`
        SELECT version, document, source, created_at FROM workflow_versions
        WHERE workflow_id = ${id} AND version = ${version}`;
      return r ? toVersion(r) : null;
    },
    async findByToken(token) {
      const [r] = await sql<{ id: string; version: number; active: boolean }[]>`
        SELECT id, version, active FROM workflows WHERE token = ${token}`;
      return r ? { workflowId: r.id, version: r.version, active: r.active } : null;
    },
  };
}

// Workflows, their version history and trigger tokens in SQLite.
import type { DatabaseSync } from 'node:sqlite';
import { newToken } from '../../lib/ids.ts';
import { stableStringify } from '../../lib/stable-json.ts';
import type { WorkflowDocument } from '../../workflow/types.ts';
import type { VersionRow, WorkflowRow } from '../store.ts';
import type { WorkflowStore } from '../store-areas.ts';
import { transaction } from './open-database.ts';

type Row = {
  id: string;
  name: string;
  active: number;
  version: number;
  document: string;
  token: string;
  created_at: number;
  updated_at: number;
};

const toRow = (r: Row): WorkflowRow => ({
  id: r.id,
  name: r.name,
  active: r.active === 1,
  version: r.version,
  document: JSON.parse(r.document),
  token: r.token,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** `active` lives on the row, not in the versioned document. */
export function withoutActive(doc: WorkflowDocument): WorkflowDocument {
  const { active: _active, ...rest } = doc;
  return rest as WorkflowDocument;
}

export function sqliteWorkflows(db: DatabaseSync): WorkflowStore {
  const get = db.prepare('SELECT * FROM workflows WHERE id = ?');
  const byToken = db.prepare('SELECT id, version, active FROM workflows WHERE token = ?');
  const allTokens = db.prepare('SELECT token FROM workflows');
  const insert = db.prepare(
    'INSERT INTO workflows (id, name, active, version, document, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    'UPDATE workflows SET name = ?, active = ?, version = ?, document = ?, updated_at = ? WHERE id = ?',
  );
  const insertVersion = db.prepare(
    'INSERT INTO workflow_versions (workflow_id, version, document, source, created_at) VALUES (?, ?, ?, ?, ?)',
  );

  return {
    async saveWorkflow(doc, source, now = Date.now()) {
      return transaction(db, () => {
        const stored = withoutActive(doc);
        // Stored as written (key order matters to people reading exports); compared canonically.
        const text = JSON.stringify(stored);
        const existing = get.get(doc.id) as Row | undefined;
        const active = doc.active ?? (existing ? existing.active === 1 : true);
        if (!existing) {
          insert.run(doc.id, doc.name, active ? 1 : 0, 1, text, newToken(), now, now);
          insertVersion.run(doc.id, 1, text, source, now);
          return { row: toRow(get.get(doc.id) as Row), created: true, changed: true };
        }
        const changed = stableStringify(JSON.parse(existing.document)) !== stableStringify(stored);
        const version = changed ? existing.version + 1 : existing.version;
        if (changed) insertVersion.run(doc.id, version, text, source, now);
        if (changed || (existing.active === 1) !== active) {
          update.run(doc.name, active ? 1 : 0, version, text, now, doc.id);
        }
        return { row: toRow(get.get(doc.id) as Row), created: false, changed };
      });
    },
    async getWorkflow(id) {
      const r = get.get(id) as Row | undefined;
      return r ? toRow(r) : null;
    },
    async listWorkflows() {
      return (db.prepare('SELECT * FROM workflows ORDER BY name, id').all() as Row[]).map(toRow);
    },
    async listTriggerTokens() {
      // Read from the UNIQUE index on token alone: no document is loaded or parsed.
      return (allTokens.all() as { token: string }[]).map((r) => r.token);
    },
    async deleteWorkflow(id) {
      return transaction(db, () => {
        db.prepare('DELETE FROM workflow_versions WHERE workflow_id = ?').run(id);
        db.prepare('DELETE FROM dedupe_keys WHERE workflow_id = ?').run(id);
        db.prepare('DELETE FROM trigger_samples WHERE workflow_id = ?').run(id);
        db.prepare('DELETE FROM alert_slots WHERE workflow_id = ?').run(id);
        return db.prepare('DELETE FROM workflows WHERE id = ?').run(id).changes > 0;
      });
    },
    async setActive(id, active) {
      db.prepare('UPDATE workflows SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, Date.now(), id);
      const r = get.get(id) as Row | undefined;
      return r ? toRow(r) : null;
    },
    async rotateToken(id) {
      db.prepare('UPDATE workflows SET token = ?, updated_at = ? WHERE id = ?').run(newToken(), Date.now(), id);
      const r = get.get(id) as Row | undefined;
      return r ? toRow(r) : null;
    },
    async listVersions(id) {
      const rows = db
        .prepare('SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC')
        .all(id) as { version: number; document: string; source: string; created_at: number }[];
      return rows.map(
        (r): VersionRow => ({
          version: r.version,
          createdAt: r.created_at,
          source: r.source,
          document: JSON.parse(r.document),
        }),
      );
    },
    async getVersion(id, version) {
      const r = db.prepare('SELECT * FROM workflow_versions WHERE workflow_id = ? AND version = ?').get(id, version) as
        | { version: number; document: string; source: string; created_at: number }
        | undefined;
      return r
        ? { version: r.version, createdAt: r.created_at, source: r.source, document: JSON.parse(r.document) }
        : null;
    },
    async findByToken(token) {
      const r = byToken.get(token) as { id: string; version: number; active: number } | undefined;
      return r ? { workflowId: r.id, version: r.version, active: r.active === 1 } : null;
    },
  };
}

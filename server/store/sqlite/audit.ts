// The audit log in SQLite: append-only, listed newest first by id (ULIDs sort by time).
import type { DatabaseSync } from 'node:sqlite';
import { type AuditDb, toEntry } from '../sql-rows/audit-rows.ts';
import type { Store } from '../store.ts';

export function sqliteAudit(db: DatabaseSync): Pick<Store, 'appendAudit' | 'listAudit'> {
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, resource, resource_id, method, path, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    async appendAudit(e) {
      insert.run(e.id, e.at, JSON.stringify(e.actor), e.action, e.resource, e.resourceId, e.method, e.path, e.status);
    },
    async listAudit({ limit, cursor, resource, resourceId }) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (resource) {
        where.push('resource = ?');
        args.push(resource);
      }
      if (resourceId) {
        where.push('resource_id = ?');
        args.push(resourceId);
      }
      if (cursor) {
        where.push('id < ?');
        args.push(cursor);
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...args, limit + 1) as AuditDb[];
      const items = rows.slice(0, limit).map(toEntry);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
  };
}

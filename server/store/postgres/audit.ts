// The audit log in PostgreSQL: append-only, listed newest first by id (ULIDs sort by time).
import type { AuditEntry, Store } from '../store.ts';
import type { Sql } from './connect.ts';

type Row = {
  id: string;
  at: number;
  actor: string;
  action: string;
  resource: string;
  resource_id: string | null;
  method: string;
  path: string;
  status: number;
};

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: JSON.parse(r.actor),
  action: r.action,
  resource: r.resource,
  resourceId: r.resource_id,
  method: r.method,
  path: r.path,
  status: r.status,
});

export function pgAudit(sql: Sql): Pick<Store, 'appendAudit' | 'listAudit'> {
  return {
    async appendAudit(e) {
      await sql`
        INSERT INTO audit_log (id, at, actor, action, resource, resource_id, method, path, status)
        VALUES (${e.id}, ${e.at}, ${JSON.stringify(e.actor)}, ${e.action}, ${e.resource}, ${e.resourceId},
          ${e.method}, ${e.path}, ${e.status})`;
    },
    async listAudit({ limit, cursor, resource, resourceId }) {
      const rows = await sql<Row[]>`
        SELECT * FROM audit_log WHERE TRUE
          ${resource ? sql`AND resource = ${resource}` : sql``}
          ${resourceId ? sql`AND resource_id = ${resourceId}` : sql``}
          ${cursor ? sql`AND id < ${cursor}` : sql``}
        ORDER BY id DESC LIMIT ${limit + 1}`;
      const items = rows.slice(0, limit).map(toEntry);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
  };
}

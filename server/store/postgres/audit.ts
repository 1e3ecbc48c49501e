// The audit log in PostgreSQL: append-only, listed newest first by id (ULIDs sort by time).

import { type AuditDb, toEntry } from '../sql-rows/audit-rows.ts';
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgAudit(sql: Sql): Pick<Store, 'appendAudit' | 'listAudit'> {
  return {
    async appendAudit(e) {
      await sql`
        INSERT INTO audit_log (id, at, actor, action, resource, resource_id, method, path, status)
        VALUES (${e.id}, ${e.at}, ${JSON.stringify(e.actor)}, ${e.action}, ${e.resource}, ${e.resourceId},
          ${e.method}, ${e.path}, ${e.status})`;
    },
    async listAudit({ limit, cursor, resource, resourceId }) {
      const rows = await sql<AuditDb[]>`
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

// Audit entries as rows, shared by the SQL adapters (sqlite/, postgres/).
import type { AuditEntry } from '../store.ts';

export type AuditDb = {
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

export const toEntry = (r: AuditDb): AuditEntry => ({
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

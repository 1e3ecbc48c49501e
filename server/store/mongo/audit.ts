// The audit log in MongoDB (twin of sqlite/audit.ts): append-only, newest first by ULID.
import { type Connection, type Model, Schema } from 'mongoose';
import type { AuditEntry, Store } from '../store.ts';

type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string };

const auditSchema = new Schema<AuditDoc>(
  {
    _id: String,
    at: { type: Number, required: true },
    actor: { type: { type: String, required: true }, id: String, email: String },
    action: { type: String, required: true },
    resource: { type: String, required: true },
    resourceId: { type: String, default: null },
    method: { type: String, required: true },
    path: { type: String, required: true },
    status: { type: Number, required: true },
  },
  { collection: 'audit_log', versionKey: false },
);
auditSchema.index({ resource: 1, resourceId: 1, _id: -1 });

const toEntry = (d: AuditDoc): AuditEntry => ({
  id: d._id,
  at: d.at,
  actor: { type: d.actor.type, id: d.actor.id ?? null, email: d.actor.email ?? null },
  action: d.action,
  resource: d.resource,
  resourceId: d.resourceId ?? null,
  method: d.method,
  path: d.path,
  status: d.status,
});

export function mongoAudit(conn: Connection): Pick<Store, 'appendAudit' | 'listAudit'> {
  const Audit: Model<AuditDoc> =
    (conn.models.AuditEntry as Model<AuditDoc> | undefined) ?? conn.model<AuditDoc>('AuditEntry', auditSchema);
  return {
    async appendAudit(e) {
      const { id, ...rest } = e;
      await Audit.create({ _id: id, ...rest });
    },
    async listAudit({ limit, cursor, resource, resourceId }) {
      const filter: Record<string, unknown> = {};
      if (resource) filter.resource = resource;
      if (resourceId) filter.resourceId = resourceId;
      if (cursor) filter._id = { $lt: cursor };
      const docs = await Audit.find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .lean<AuditDoc[]>();
      const items = docs.slice(0, limit).map(toEntry);
      return { items, nextCursor: docs.length > limit ? items[items.length - 1].id : null };
    },
  };
}

// Workflows, their version history and trigger tokens in MongoDB. Saving writes the
// workflow and its new version together, so it runs in a transaction (MongoDB must be a
// replica set; the compose file starts a single-node one).
import type { Connection } from 'mongoose';
import { newToken } from '../../lib/ids.ts';
import { stableStringify } from '../../lib/stable-json.ts';
import type { WorkflowDocument } from '../../workflow/types.ts';
import { withoutActive } from '../sqlite/workflows.ts';
import type { VersionRow, WorkflowRow } from '../store.ts';
import type { WorkflowStore } from '../store-areas.ts';
import { models, raw, type VersionDoc, type WorkflowDoc } from './models.ts';

const toRow = (d: WorkflowDoc): WorkflowRow => ({
  id: d._id,
  name: d.name,
  active: d.active,
  version: d.version,
  document: JSON.parse(d.document),
  token: d.token,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const toVersion = (d: VersionDoc): VersionRow => ({
  version: d.version,
  createdAt: d.createdAt,
  source: d.source,
  document: JSON.parse(d.document) as WorkflowDocument,
});

export function mongoWorkflows(conn: Connection): WorkflowStore {
  const { Workflow, Version, Dedupe } = models(conn);
  const get = async (id: string) => {
    const d = await Workflow.findById(id).lean<WorkflowDoc>();
    return d ? toRow(d) : null;
  };

  return {
    async saveWorkflow(doc, source, now = Date.now()) {
      return conn.transaction(async (session) => {
        const stored = withoutActive(doc);
        const text = JSON.stringify(stored);
        const existing = await Workflow.findById(doc.id).session(session).lean<WorkflowDoc>();
        const active = doc.active ?? (existing ? existing.active : true);
        if (!existing) {
          const created: WorkflowDoc = {
            _id: doc.id,
            name: doc.name,
            active,
            version: 1,
            document: text,
            token: newToken(),
            createdAt: now,
            updatedAt: now,
          };
          await raw(Workflow).insertOne(created, { session });
          await raw(Version).insertOne(
            { workflowId: doc.id, version: 1, document: text, source, createdAt: now },
            { session },
          );
          return { row: toRow(created), created: true, changed: true };
        }
        const changed = stableStringify(JSON.parse(existing.document)) !== stableStringify(stored);
        const version = changed ? existing.version + 1 : existing.version;
        if (changed) {
          await raw(Version).insertOne(
            { workflowId: doc.id, version, document: text, source, createdAt: now },
            { session },
          );
        }
        let row = existing;
        if (changed || existing.active !== active) {
          row = { ...existing, name: doc.name, active, version, document: text, updatedAt: now };
          await raw(Workflow).updateOne(
            { _id: doc.id },
            { $set: { name: doc.name, active, version, document: text, updatedAt: now } },
            { session },
          );
        }
        return { row: toRow(row), created: false, changed };
      });
    },
    getWorkflow: get,
    async listWorkflows() {
      const docs = await Workflow.find().sort({ name: 1, _id: 1 }).lean<WorkflowDoc[]>();
      return docs.map(toRow);
    },
    async listTriggerTokens() {
      const docs = await Workflow.find({}, { token: 1, _id: 0 }).lean<{ token: string }[]>();
      return docs.map((d) => d.token);
    },
    async deleteWorkflow(id) {
      return conn.transaction(async (session) => {
        await raw(Version).deleteMany({ workflowId: id }, { session });
        await raw(Dedupe).deleteMany({ workflowId: id }, { session });
        // Collections of other areas, by name: captured samples and failure-alert state.
        await conn.collection('trigger_samples').deleteMany({ workflowId: id }, { session });
        await conn.collection('alert_slots').deleteMany({ workflowId: id }, { session });
        const r = await raw(Workflow).deleteOne({ _id: id }, { session });
        return r.deletedCount > 0;
      });
    },
    async setActive(id, active) {
      const d = await Workflow.findByIdAndUpdate(
        id,
        { $set: { active, updatedAt: Date.now() } },
        { returnDocument: 'after' },
      ).lean<WorkflowDoc>();
      return d ? toRow(d) : null;
    },
    async rotateToken(id) {
      const d = await Workflow.findByIdAndUpdate(
        id,
        { $set: { token: newToken(), updatedAt: Date.now() } },
        { returnDocument: 'after' },
      ).lean<WorkflowDoc>();
      return d ? toRow(d) : null;
    },
    async listVersions(id) {
      const docs = await Version.find({ workflowId: id }).sort({ version: -1 }).lean<VersionDoc[]>();
      return docs.map(toVersion);
    },
    async getVersion(id, version) {
      const d = await Version.findOne({ workflowId: id, version }).lean<VersionDoc>();
      return d ? toVersion(d) : null;
    },
    async findByToken(token) {
      const d = await Workflow.findOne({ token }, { _id: 1, version: 1, active: 1 }).lean<
        Pick<WorkflowDoc, '_id' | 'version' | 'active'>
      >();
      return d ? { workflowId: d._id, version: d.version, active: d.active } : null;
    },
  };
}

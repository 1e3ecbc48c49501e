// Mongoose schemas and indexes for every collection the Store port needs. User-supplied
// JSON (workflow documents, trigger input, step input/output, results) is stored as JSON
// text: it may carry `$`-prefixed or dotted keys (JSON Schema's `$ref`, header names) that
// MongoDB field names handle badly, and the store never queries inside it. Errors too: an
// absent `code` must read back absent, not null.
import mongoose, { type Connection, type Model, Schema } from 'mongoose';

export type WorkflowDoc = {
  _id: string;
  name: string;
  active: boolean;
  version: number;
  document: string;
  token: string;
  createdAt: number;
  updatedAt: number;
};

export type VersionDoc = { workflowId: string; version: number; document: string; source: string; createdAt: number };

export type ExecutionDoc = {
  _id: string;
  workflowId: string;
  workflowVersion: number;
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  trigger: string;
  /** Absent on executions stored before it was a field: then read from `trigger.caller`. */
  parentExecutionId?: string | null;
  callDepth?: number;
  /** JSON text, like every other value the engine shapes, so it reads back exactly as written. */
  error: string | null;
  result: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  runAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  claims?: number;
  testRun?: boolean;
  /** JSON text: the document a test run ran. */
  document?: string | null;
  replayOf?: string | null;
  /** JSON text: earlier attempts of a retried execution. */
  attempts?: string | null;
};

export type StepDoc = {
  executionId: string;
  key: string;
  stepId: string;
  type: string;
  status: string;
  attempt: number;
  input: string | null;
  output: string | null;
  branches: string[] | null;
  error: string | null;
  /** Absent on records written before waits were explicit (read through legacyWait). */
  wait?: string | null;
  startedAt: number;
  finishedAt: number | null;
};

export type DedupeDoc = { workflowId: string; key: string; executionId: string; expiresAt: Date; claimedAt: number };

export type LeaseDoc = { _id: string; owner: string; until: number };

const workflowSchema = new Schema<WorkflowDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    active: { type: Boolean, required: true },
    version: { type: Number, required: true },
    document: { type: String, required: true },
    token: { type: String, required: true, unique: true },
    createdAt: { type: Number, required: true },
    updatedAt: { type: Number, required: true },
  },
  { collection: 'workflows', versionKey: false },
);
workflowSchema.index({ name: 1, _id: 1 });

const versionSchema = new Schema<VersionDoc>(
  {
    workflowId: { type: String, required: true },
    version: { type: Number, required: true },
    document: { type: String, required: true },
    source: { type: String, required: true },
    createdAt: { type: Number, required: true },
  },
  { collection: 'workflow_versions', versionKey: false },
);
versionSchema.index({ workflowId: 1, version: -1 }, { unique: true });

const executionSchema = new Schema<ExecutionDoc>(
  {
    _id: String,
    workflowId: { type: String, required: true },
    workflowVersion: { type: Number, required: true },
    status: { type: String, required: true },
    trigger: { type: String, required: true },
    parentExecutionId: { type: String, default: null },
    callDepth: { type: Number, default: 0 },
    error: { type: String, default: null },
    result: { type: String, default: null },
    createdAt: { type: Number, required: true },
    startedAt: { type: Number, default: null },
    finishedAt: { type: Number, default: null },
    runAt: { type: Number, default: null },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Number, default: null },
    claims: { type: Number, default: 0 },
    testRun: { type: Boolean, default: false },
    document: { type: String, default: null },
    replayOf: { type: String, default: null },
    attempts: { type: String, default: null },
  },
  { collection: 'executions', versionKey: false },
);
// Ids are time-sortable (ULID), so `_id` order is time order for lists and cursors.
executionSchema.index({ workflowId: 1, _id: -1 });
executionSchema.index({ status: 1, _id: 1 });
executionSchema.index({ createdAt: 1 });
executionSchema.index({ replayOf: 1 }, { partialFilterExpression: { replayOf: { $type: 'string' } } });
// Per-workflow concurrency counts running executions on every trigger of a limited workflow.
executionSchema.index({ workflowId: 1 }, { partialFilterExpression: { status: 'running' } });

const stepSchema = new Schema<StepDoc>(
  {
    executionId: { type: String, required: true },
    key: { type: String, required: true },
    stepId: { type: String, required: true },
    type: { type: String, required: true },
    status: { type: String, required: true },
    attempt: { type: Number, required: true },
    input: { type: String, default: null },
    output: { type: String, default: null },
    branches: { type: [String], default: null },
    error: { type: String, default: null },
    wait: { type: String, default: null },
    startedAt: { type: Number, required: true },
    finishedAt: { type: Number, default: null },
  },
  { collection: 'step_records', versionKey: false },
);
stepSchema.index({ executionId: 1, key: 1 }, { unique: true });
stepSchema.index({ executionId: 1, startedAt: 1 });

const dedupeSchema = new Schema<DedupeDoc>(
  {
    workflowId: { type: String, required: true },
    key: { type: String, required: true },
    executionId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    claimedAt: { type: Number, required: true },
  },
  { collection: 'dedupe_keys', versionKey: false },
);
dedupeSchema.index({ workflowId: 1, key: 1 }, { unique: true });
// MongoDB's TTL monitor deletes expired keys (within about a minute); reads still compare
// `expiresAt` themselves, so a key past its window never deduplicates.
dedupeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const leaseSchema = new Schema<LeaseDoc>(
  { _id: String, owner: { type: String, required: true }, until: { type: Number, required: true } },
  { collection: 'leases', versionKey: false },
);

export type Models = {
  Workflow: Model<WorkflowDoc>;
  Version: Model<VersionDoc>;
  Execution: Model<ExecutionDoc>;
  Step: Model<StepDoc>;
  Dedupe: Model<DedupeDoc>;
  Lease: Model<LeaseDoc>;
};

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

/** The models bound to one connection (idempotent: each area file may call it). */
export function models(conn: Connection): Models {
  return {
    Workflow: model(conn, 'Workflow', workflowSchema),
    Version: model(conn, 'WorkflowVersion', versionSchema),
    Execution: model(conn, 'Execution', executionSchema),
    Step: model(conn, 'StepRecord', stepSchema),
    Dedupe: model(conn, 'DedupeKey', dedupeSchema),
    Lease: model(conn, 'Lease', leaseSchema),
  };
}

/** MongoDB's duplicate-key error: a unique index said no. */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof mongoose.mongo.MongoServerError && err.code === 11000;
}

export const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
export const fromJson = (s: string | null | undefined): unknown =>
  s === null || s === undefined ? null : JSON.parse(s);

/** The driver collection behind a model, typed: hot paths skip mongoose's hydration and casting. */
export function raw<T extends mongoose.mongo.Document>(m: Model<T>): mongoose.mongo.Collection<T> {
  return m.collection as unknown as mongoose.mongo.Collection<T>;
}

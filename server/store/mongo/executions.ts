// Executions, step records and dedupe keys in MongoDB. Hot writes (ingest insert, claim,
// lease renewal, step checkpoints) go straight to the driver collection: no hydration, no
// validation pass. Dedupe needs no transaction: the unique (workflowId, key) index decides
// the winner, and the key is claimed before the execution is inserted.

import type { Connection } from 'mongoose';
import type { StepWait } from '../../domain/execution.ts';
import { claimableFilter, unfinishedAndDueFilter } from '../claim-rules.ts';
import { legacyWait } from '../legacy-wait.ts';
import type { DedupeClaim, ErrorInfo, ExecutionRow, NewExecution, StepRecord } from '../store.ts';
import type { ExecutionStore } from '../store-areas.ts';
import { type ExecutionDoc, fromJson, isDuplicateKey, models, raw, type StepDoc, toJson } from './models.ts';

const toExecution = (d: ExecutionDoc): ExecutionRow => {
  // Before the parent was a field it rode inside the trigger input as `caller`.
  const { caller, ...trigger } = JSON.parse(d.trigger) as ExecutionRow['trigger'] & {
    caller?: { executionId: string; depth?: number };
  };
  return {
    id: d._id,
    workflowId: d.workflowId,
    workflowVersion: d.workflowVersion,
    status: d.status,
    trigger,
    parentExecutionId: d.parentExecutionId ?? caller?.executionId ?? null,
    callDepth: d.callDepth ?? caller?.depth ?? (caller ? 1 : 0),
    error: fromJson(d.error) as ErrorInfo | null,
    result: fromJson(d.result),
    createdAt: d.createdAt,
    startedAt: d.startedAt ?? null,
    finishedAt: d.finishedAt ?? null,
    runAt: d.runAt ?? null,
    leaseOwner: d.leaseOwner ?? null,
    leaseUntil: d.leaseUntil ?? null,
    claims: d.claims ?? 0,
    testRun: d.testRun === true,
    document: fromJson(d.document ?? null) as ExecutionRow['document'],
    replayOf: d.replayOf ?? null,
    attempts: d.attempts ? JSON.parse(d.attempts) : [],
  };
};

const toStep = (d: StepDoc): StepRecord => {
  const output = fromJson(d.output);
  const error = fromJson(d.error) as ErrorInfo | null;
  // A record from before the explicit field: its wait is read out of `output`.
  const wait = d.wait === undefined ? legacyWait(d.status, output, error) : (fromJson(d.wait) as StepWait | null);
  return {
    executionId: d.executionId,
    key: d.key,
    stepId: d.stepId,
    type: d.type,
    status: d.status as StepRecord['status'],
    attempt: d.attempt,
    input: fromJson(d.input),
    output: d.wait === undefined && wait ? null : output,
    branches: d.branches ?? null,
    error,
    wait,
    startedAt: d.startedAt,
    finishedAt: d.finishedAt ?? null,
  };
};

const newDoc = (e: NewExecution): ExecutionDoc => ({
  _id: e.id,
  workflowId: e.workflowId,
  workflowVersion: e.workflowVersion,
  status: 'queued',
  trigger: JSON.stringify(e.trigger),
  parentExecutionId: e.parentExecutionId ?? null,
  callDepth: e.callDepth ?? 0,
  error: null,
  result: null,
  createdAt: e.createdAt,
  startedAt: null,
  finishedAt: null,
  runAt: null,
  leaseOwner: null,
  leaseUntil: null,
  ...(e.testRun ? { testRun: true, document: JSON.stringify(e.document ?? null) } : {}),
  ...(e.replayOf ? { replayOf: e.replayOf } : {}),
});

/** A key whose execution never appeared (its request died between the two writes) is taken over after this. */
const ORPHAN_KEY_MS = 2000;

export function mongoExecutions(conn: Connection): ExecutionStore {
  const { Execution, Step, Dedupe } = models(conn);
  const executions = raw(Execution);
  const leased = (id: string, owner: string) => ({ _id: id, leaseOwner: owner, status: 'running' as const });

  /** Claims the dedupe key for `exec`, or returns the id of the execution that holds it. */
  async function claimKey(exec: NewExecution, dedupe: DedupeClaim): Promise<string | null> {
    for (;;) {
      const now = exec.createdAt;
      try {
        await raw(Dedupe).updateOne(
          { workflowId: exec.workflowId, key: dedupe.key, expiresAt: { $lte: new Date(now) } },
          { $set: { executionId: exec.id, expiresAt: new Date(dedupe.expiresAt), claimedAt: Date.now() } },
          { upsert: true },
        );
        return null;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const hit = await Dedupe.findOne({ workflowId: exec.workflowId, key: dedupe.key }).lean();
      if (!hit) continue; // expired and deleted meanwhile: try again
      if (hit.expiresAt.getTime() <= now) continue;
      if (await executions.findOne({ _id: hit.executionId }, { projection: { _id: 1 } })) return hit.executionId;
      if (Date.now() - hit.claimedAt < ORPHAN_KEY_MS) {
        // The winner is between its two writes: give it a moment.
        await new Promise((r) => setTimeout(r, 25));
        continue;
      }
      const taken = await raw(Dedupe).updateOne(
        { workflowId: exec.workflowId, key: dedupe.key, executionId: hit.executionId },
        { $set: { executionId: exec.id, expiresAt: new Date(dedupe.expiresAt), claimedAt: Date.now() } },
      );
      if (taken.modifiedCount > 0) return null;
    }
  }

  const upsertSteps = async (records: StepRecord[]) => {
    await raw(Step).bulkWrite(
      records.map((s) => {
        const doc: StepDoc = {
          executionId: s.executionId,
          key: s.key,
          stepId: s.stepId,
          type: s.type,
          status: s.status,
          attempt: s.attempt,
          input: toJson(s.input),
          output: toJson(s.output),
          branches: s.branches,
          error: toJson(s.error),
          wait: toJson(s.wait),
          startedAt: s.startedAt,
          finishedAt: s.finishedAt,
        };
        return { replaceOne: { filter: { executionId: s.executionId, key: s.key }, replacement: doc, upsert: true } };
      }),
      { ordered: true },
    );
  };

  return {
    async createExecution(exec, dedupe) {
      if (dedupe) {
        const existingId = await claimKey(exec, dedupe);
        if (existingId) return { created: false, existingId };
      }
      try {
        await executions.insertOne(newDoc(exec));
      } catch (err) {
        if (dedupe) {
          await raw(Dedupe)
            .deleteOne({ workflowId: exec.workflowId, key: dedupe.key, executionId: exec.id })
            .catch(() => undefined);
        }
        throw err;
      }
      return { created: true, id: exec.id };
    },
    async getExecution(id) {
      const d = await executions.findOne({ _id: id });
      return d ? toExecution(d) : null;
    },
    async listExecutions({ workflowId, status, limit, cursor, search, testRun, replayOf }) {
      const filter: Record<string, unknown> = {};
      if (search) {
        // The trigger is JSON text: match the text as JSON spells it, taken literally.
        const spelled = JSON.stringify(search)
          .slice(1, -1)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        filter.$or = [{ _id: search.toUpperCase() }, { trigger: { $regex: spelled, $options: 'i' } }];
      }
      if (testRun === true) filter.testRun = true;
      if (testRun === false) filter.testRun = { $ne: true };
      if (replayOf) filter.replayOf = replayOf;
      if (workflowId) filter.workflowId = workflowId;
      if (status) filter.status = status;
      if (cursor) filter._id = { $lt: cursor };
      const docs = await executions
        .find(filter)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(toExecution);
      return { items, nextCursor: docs.length > limit ? items[items.length - 1].id : null };
    },
    async claimExecution(id, owner, leaseMs, now = Date.now()) {
      const d = await executions.findOneAndUpdate(
        { _id: id, ...claimableFilter(now) },
        [
          {
            $set: {
              status: 'running',
              leaseOwner: owner,
              leaseUntil: now + leaseMs,
              startedAt: { $ifNull: ['$startedAt', now] },
              runAt: null,
              // Reset only by a clean hand-back (suspend, release, reopen), never by a restart.
              claims: { $add: [{ $ifNull: ['$claims', 0] }, 1] },
            },
          },
        ],
        { returnDocument: 'after' },
      );
      return d ? toExecution(d) : null;
    },
    async renewLease(id, owner, leaseMs) {
      const r = await executions.updateOne(leased(id, owner), { $set: { leaseUntil: Date.now() + leaseMs } });
      return r.matchedCount > 0;
    },
    async suspendExecution(id, owner, runAt) {
      const r = await executions.updateOne(leased(id, owner), {
        $set: { status: 'waiting', runAt, leaseOwner: null, leaseUntil: null, claims: 0 },
      });
      return r.modifiedCount > 0;
    },
    async releaseExecution(id, owner) {
      const r = await executions.updateOne(leased(id, owner), {
        $set: { status: 'queued', leaseOwner: null, leaseUntil: null, claims: 0 },
      });
      return r.modifiedCount > 0;
    },
    async finishExecution(id, owner, f, now = Date.now()) {
      // Without a transaction the records go first, fenced like saveStepRecords: a finish that
      // then fails leaves them behind for the next owner, who overwrites them.
      if (f.steps?.length) {
        if (!(await executions.findOne(leased(id, owner), { projection: { _id: 1 } }))) return false;
        await upsertSteps(f.steps);
      }
      const r = await executions.updateOne(leased(id, owner), {
        $set: {
          status: f.status,
          error: toJson(f.error ?? null),
          result: toJson(f.result),
          finishedAt: now,
          leaseOwner: null,
          leaseUntil: null,
        },
      });
      return r.modifiedCount > 0;
    },
    async listUnfinished(limit, page = {}) {
      const dueBy = page.dueBy ?? Number.MAX_SAFE_INTEGER;
      const docs = await executions
        .find(
          {
            ...(page.after ? { _id: { $gt: page.after } } : {}),
            ...unfinishedAndDueFilter(dueBy),
          },
          { projection: { _id: 1, status: 1, runAt: 1, leaseUntil: 1 } },
        )
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({
        id: d._id,
        status: d.status,
        runAt: d.runAt ?? null,
        leaseUntil: d.leaseUntil ?? null,
      }));
    },
    async requeueRunning() {
      const r = await executions.updateMany(
        { status: 'running' },
        { $set: { status: 'queued', leaseOwner: null, leaseUntil: null } },
      );
      return r.modifiedCount;
    },
    async reopenExecution(id, as) {
      const more = as
        ? { startedAt: null, workflowVersion: as.workflowVersion, attempts: JSON.stringify(as.attempts) }
        : {};
      const r = await executions.updateOne(
        { _id: id, status: 'failed' },
        { $set: { status: 'queued', error: null, result: null, finishedAt: null, claims: 0, ...more } },
      );
      return r.modifiedCount > 0;
    },
    async listStepRecords(executionId) {
      const docs = await raw(Step).find({ executionId }).sort({ startedAt: 1, key: 1 }).toArray();
      return docs.map(toStep);
    },
    async saveStepRecords(records, owner) {
      if (records.length === 0) return true;
      // Fencing without a transaction: the lease is checked just before the write, which
      // narrows a stale worker's window to that round trip (SQLite checks in the same transaction).
      if (!(await executions.findOne(leased(records[0].executionId, owner), { projection: { _id: 1 } }))) return false;
      await upsertSteps(records);
      return true;
    },
    async deleteStepRecords(executionId, keys) {
      await raw(Step).deleteMany({ executionId, key: { $in: keys } });
    },
  };
}

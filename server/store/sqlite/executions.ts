// Executions, step records and dedupe keys in SQLite. The ingest insert is the hot path:
// one prepared INSERT in autocommit mode unless a dedupe key must be claimed with it.

import type { DatabaseSync } from 'node:sqlite';
import { claimableSql, unfinishedAndDueSql } from '../claim-rules.ts';
import { likePattern } from '../like-pattern.ts';
import {
  type ExecRow,
  json,
  type StepRow,
  toClaimedExecution,
  toExecution,
  toStep,
} from '../sql-rows/execution-rows.ts';
import type { ExecutionRow, StepRecord } from '../store.ts';
import type { ExecutionStore } from '../store-areas.ts';
import { atomically, type WriteBatcher } from './write-batcher.ts';

export function sqliteExecutions(db: DatabaseSync, write: WriteBatcher): ExecutionStore {
  const insert = db.prepare(
    `INSERT INTO executions (id, workflow_id, workflow_version, status, trigger, created_at, parent_execution_id, call_depth)
     VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)`,
  );
  // Test runs and replays carry more; the hot path above stays the short insert.
  const insertFull = db.prepare(
    `INSERT INTO executions (id, workflow_id, workflow_version, status, trigger, created_at, test_run, document, replay_of)
     VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
  );
  const get = db.prepare('SELECT * FROM executions WHERE id = ?');
  const findDedupe = db.prepare('SELECT execution_id, expires_at FROM dedupe_keys WHERE workflow_id = ? AND key = ?');
  const upsertDedupe = db.prepare(
    `INSERT INTO dedupe_keys (workflow_id, key, execution_id, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workflow_id, key) DO UPDATE SET execution_id = excluded.execution_id, expires_at = excluded.expires_at`,
  );
  const claim = db.prepare(
    `UPDATE executions SET status = 'running', lease_owner = ?1, lease_until = ?2,
       started_at = COALESCE(started_at, ?3), run_at = NULL,
       claims = claims + 1
     WHERE id = ?4 AND ${claimableSql('?3')}
     RETURNING *, NOT EXISTS (SELECT 1 FROM step_records WHERE execution_id = ?4) AS no_step_records`,
  );
  const renew = db.prepare(
    `UPDATE executions SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running'`,
  );
  const suspend = db.prepare(
    `UPDATE executions SET status = 'waiting', run_at = ?, lease_owner = NULL, lease_until = NULL, claims = 0
     WHERE id = ? AND lease_owner = ? AND status = 'running'`,
  );
  const release = db.prepare(
    `UPDATE executions SET status = 'queued', lease_owner = NULL, lease_until = NULL, claims = 0
     WHERE id = ? AND lease_owner = ? AND status = 'running'`,
  );
  const finish = db.prepare(
    `UPDATE executions SET status = ?, error = ?, result = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ? AND status = 'running'`,
  );
  // Callers check the lease first (`holdsLease`, or the fenced finish) in the same synchronous
  // op: inside the batch's transaction nothing can change in between.
  const holdsLease = db.prepare(
    `SELECT 1 AS held FROM executions WHERE id = ? AND lease_owner = ? AND status = 'running'`,
  );
  const saveStep = db.prepare(
    `INSERT INTO step_records (execution_id, key, step_id, type, status, attempt, input, output, branches, error, wait, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (execution_id, key) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
       input = excluded.input, output = excluded.output, branches = excluded.branches, error = excluded.error,
       wait = excluded.wait, started_at = excluded.started_at, finished_at = excluded.finished_at`,
  );
  const stepArgs = (s: StepRecord) =>
    [
      s.executionId,
      s.key,
      s.stepId,
      s.type,
      s.status,
      s.attempt,
      json(s.input),
      json(s.output),
      json(s.branches),
      json(s.error),
      json(s.wait),
      s.startedAt,
      s.finishedAt,
    ] as const;
  const unfinished = db.prepare(
    `SELECT id, status, run_at, lease_until FROM executions
     WHERE id > ?1 AND ${unfinishedAndDueSql('?2')}
     ORDER BY id LIMIT ?3`,
  );
  // Keeps `claims`: these runs ended in a crash, and a crash loop must still reach the limit.
  const requeueAll = db.prepare(
    `UPDATE executions SET status = 'queued', lease_owner = NULL, lease_until = NULL WHERE status = 'running'`,
  );
  const reopen = db.prepare(
    `UPDATE executions SET status = 'queued', error = NULL, result = NULL, finished_at = NULL, claims = 0 WHERE id = ? AND status = 'failed'`,
  );
  const reopenAs = db.prepare(
    `UPDATE executions SET status = 'queued', error = NULL, result = NULL, finished_at = NULL, claims = 0,
       started_at = NULL, workflow_version = ?, attempts = ?
     WHERE id = ? AND status = 'failed'`,
  );
  const listSteps = db.prepare('SELECT * FROM step_records WHERE execution_id = ? ORDER BY started_at, key');

  return {
    async createExecution(exec, dedupe) {
      const triggerText = JSON.stringify(exec.trigger);
      const row = [
        exec.id,
        exec.workflowId,
        exec.workflowVersion,
        triggerText,
        exec.createdAt,
        exec.parentExecutionId ?? null,
        exec.callDepth ?? 0,
      ] as const;
      if (exec.testRun || exec.replayOf) {
        const extra = [exec.testRun ? 1 : 0, json(exec.document), exec.replayOf ?? null] as const;
        await write(() =>
          insertFull.run(exec.id, exec.workflowId, exec.workflowVersion, triggerText, exec.createdAt, ...extra),
        );
        return { created: true, id: exec.id };
      }
      if (!dedupe) {
        await write(() => insert.run(...row));
        return { created: true, id: exec.id };
      }
      return write(() =>
        atomically(db, () => {
          const hit = findDedupe.get(exec.workflowId, dedupe.key) as
            | { execution_id: string; expires_at: number }
            | undefined;
          if (hit && hit.expires_at > exec.createdAt) return { created: false as const, existingId: hit.execution_id };
          insert.run(...row);
          upsertDedupe.run(exec.workflowId, dedupe.key, exec.id, dedupe.expiresAt);
          return { created: true as const, id: exec.id };
        }),
      );
    },
    async getExecution(id) {
      const r = get.get(id) as ExecRow | undefined;
      return r ? toExecution(r) : null;
    },
    async listExecutions({ workflowId, status, limit, cursor, search, testRun, replayOf }) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (search) {
        // The trigger is stored as JSON text: search for the text as JSON would spell it.
        where.push("(id = ? OR trigger LIKE ? ESCAPE '\\')");
        args.push(search.toUpperCase(), `%${likePattern(search)}%`);
      }
      if (testRun !== undefined) {
        where.push('test_run = ?');
        args.push(testRun ? 1 : 0);
      }
      if (replayOf) {
        where.push('replay_of = ?');
        args.push(replayOf);
      }
      if (workflowId) {
        where.push('workflow_id = ?');
        args.push(workflowId);
      }
      if (status) {
        where.push('status = ?');
        args.push(status);
      }
      if (cursor) {
        where.push('id < ?');
        args.push(cursor);
      }
      const sql = `SELECT * FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...args, limit + 1) as ExecRow[];
      const items = rows.slice(0, limit).map(toExecution);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
    async claimExecution(id, owner, leaseMs, now = Date.now()) {
      const r = (await write(() => claim.get(owner, now + leaseMs, now, id))) as
        | (ExecRow & { no_step_records: number })
        | undefined;
      return r ? toClaimedExecution(r) : null;
    },
    async renewLease(id, owner, leaseMs) {
      return (await write(() => renew.run(Date.now() + leaseMs, id, owner))).changes > 0;
    },
    async suspendExecution(id, owner, runAt) {
      return (await write(() => suspend.run(runAt, id, owner))).changes > 0;
    },
    async releaseExecution(id, owner) {
      return (await write(() => release.run(id, owner))).changes > 0;
    },
    async finishExecution(id, owner, f, now = Date.now()) {
      const args = [f.status, json(f.error ?? null), json(f.result), now, id, owner] as const;
      const steps = (f.steps ?? []).map(stepArgs);
      if (steps.length === 0) return (await write(() => finish.run(...args))).changes > 0;
      return write(() =>
        atomically(db, () => {
          if (finish.run(...args).changes === 0) return false;
          for (const a of steps) saveStep.run(...a);
          return true;
        }),
      );
    },
    async listUnfinished(limit, page = {}) {
      const rows = unfinished.all(page.after ?? '', page.dueBy ?? Number.MAX_SAFE_INTEGER, limit) as {
        id: string;
        status: ExecutionRow['status'];
        run_at: number | null;
        lease_until: number | null;
      }[];
      return rows.map((r) => ({ id: r.id, status: r.status, runAt: r.run_at, leaseUntil: r.lease_until }));
    },
    async requeueRunning() {
      return Number((await write(() => requeueAll.run())).changes);
    },
    async reopenExecution(id, as) {
      if (!as) return (await write(() => reopen.run(id))).changes > 0;
      return (await write(() => reopenAs.run(as.workflowVersion, JSON.stringify(as.attempts), id))).changes > 0;
    },
    async listStepRecords(executionId) {
      return (listSteps.all(executionId) as StepRow[]).map(toStep);
    },
    async saveStepRecords(records, owner) {
      if (records.length === 0) return true;
      const id = records[0].executionId;
      const rows = records.map(stepArgs);
      return write(() =>
        atomically(db, () => {
          if (!holdsLease.get(id, owner)) return false;
          for (const a of rows) saveStep.run(...a);
          return true;
        }),
      );
    },
    async deleteStepRecords(executionId, keys) {
      const del = db.prepare('DELETE FROM step_records WHERE execution_id = ? AND key = ?');
      await write(() =>
        atomically(db, () => {
          for (const k of keys) del.run(executionId, k);
        }),
      );
    },
  };
}

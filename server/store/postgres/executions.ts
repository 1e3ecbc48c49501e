// Executions, step records and dedupe keys in PostgreSQL. Every state change is one atomic
// UPDATE … WHERE (row locks make concurrent claims on one execution serialise, and the loser
// re-checks the condition and gets nothing); step records are written only while the writer
// holds the lease, with the execution row share-locked for the duration of the write.

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
import type { StepRecord } from '../store.ts';
import type { ExecutionStore } from '../store-areas.ts';
import type { Sql, Tx } from './connect.ts';
import { createInsertBatcher } from './insert-batcher.ts';
import type { PgWrite } from './write-batcher.ts';

// Parameters are numbered: the time is bound once and used twice by the shared predicate.
const CLAIM = `UPDATE executions SET status = 'running', lease_owner = $1, lease_until = $2,
    started_at = COALESCE(started_at, $3), run_at = NULL, claims = claims + 1
  WHERE id = $4 AND ${claimableSql('$3')}
  RETURNING *, NOT EXISTS (SELECT 1 FROM step_records WHERE execution_id = $4) AS no_step_records`;
const UNFINISHED = `SELECT id, status, run_at, lease_until FROM executions
  WHERE id > $1 AND ${unfinishedAndDueSql('$2')} ORDER BY id LIMIT $3`;

export function pgExecutions(sql: Sql, write: PgWrite): ExecutionStore {
  const insertBatched = createInsertBatcher(sql);
  return {
    async createExecution(exec, dedupe) {
      const row = {
        id: exec.id,
        workflow_id: exec.workflowId,
        workflow_version: exec.workflowVersion,
        status: 'queued' as const,
        trigger: JSON.stringify(exec.trigger),
        created_at: exec.createdAt,
      };
      // Only `workflow.call` children have a parent, and they always carry a dedupe claim (the
      // call key): the batched ingest insert never needs the parent columns.
      const parent = { parent_execution_id: exec.parentExecutionId ?? null, call_depth: exec.callDepth ?? 0 };
      if (exec.testRun || exec.replayOf) {
        // Test runs and replays carry more; the batched hot path stays the short row.
        const full = {
          ...row,
          test_run: exec.testRun === true,
          document: json(exec.document),
          replay_of: exec.replayOf ?? null,
        };
        await sql`INSERT INTO executions ${sql(full)}`;
        return { created: true, id: exec.id };
      }
      if (!dedupe) {
        if (parent.parent_execution_id === null) await insertBatched(row);
        else await sql`INSERT INTO executions ${sql({ ...row, ...parent })}`;
        return { created: true, id: exec.id };
      }
      // Group-committed with the other writes of this turn, all-or-nothing as one op.
      return write(
        async (tx) => {
          // Takes the key unless a live claim holds it. A concurrent claim of the same key (another
          // host) waits on the row lock and, once this commits, sees a live key and takes nothing;
          // one in the same batch sees this transaction's row at once.
          const claimed = await tx`
            INSERT INTO dedupe_keys (workflow_id, key, execution_id, expires_at)
            VALUES (${exec.workflowId}, ${dedupe.key}, ${exec.id}, ${dedupe.expiresAt})
            ON CONFLICT (workflow_id, key) DO UPDATE
              SET execution_id = excluded.execution_id, expires_at = excluded.expires_at
              WHERE dedupe_keys.expires_at <= ${exec.createdAt}
            RETURNING 1`;
          if (claimed.count === 0) {
            const [hit] = await tx<{ execution_id: string }[]>`
              SELECT execution_id FROM dedupe_keys WHERE workflow_id = ${exec.workflowId} AND key = ${dedupe.key}`;
            return { created: false as const, existingId: hit.execution_id };
          }
          await tx`INSERT INTO executions ${tx({ ...row, ...parent })}`;
          return { created: true as const, id: exec.id };
        },
        { atomic: true },
      );
    },
    async getExecution(id) {
      const [r] = await sql<ExecRow[]>`SELECT * FROM executions WHERE id = ${id}`;
      return r ? toExecution(r) : null;
    },
    async listExecutions({ workflowId, status, limit, cursor, search, testRun, replayOf }) {
      const rows = await sql<ExecRow[]>`
        SELECT * FROM executions WHERE TRUE
          ${search ? sql`AND (id = ${search.toUpperCase()} OR trigger ILIKE ${`%${likePattern(search)}%`})` : sql``}
          ${testRun !== undefined ? sql`AND test_run = ${testRun}` : sql``}
          ${replayOf ? sql`AND replay_of = ${replayOf}` : sql``}
          ${workflowId ? sql`AND workflow_id = ${workflowId}` : sql``}
          ${status ? sql`AND status = ${status}` : sql``}
          ${cursor ? sql`AND id < ${cursor}` : sql``}
        ORDER BY id DESC LIMIT ${limit + 1}`;
      const items = rows.slice(0, limit).map(toExecution);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
    async claimExecution(id, owner, leaseMs, now = Date.now()) {
      const [r] = await write((q) =>
        q.unsafe<(ExecRow & { no_step_records: boolean })[]>(CLAIM, [owner, now + leaseMs, now, id], { prepare: true }),
      );
      return r ? toClaimedExecution(r) : null;
    },
    async renewLease(id, owner, leaseMs) {
      const r = await write(
        (q) => q`
        UPDATE executions SET lease_until = ${Date.now() + leaseMs}
        WHERE id = ${id} AND lease_owner = ${owner} AND status = 'running'`,
      );
      return r.count > 0;
    },
    async suspendExecution(id, owner, runAt) {
      const r = await write(
        (q) => q`
        UPDATE executions SET status = 'waiting', run_at = ${runAt}, lease_owner = NULL, lease_until = NULL, claims = 0
        WHERE id = ${id} AND lease_owner = ${owner} AND status = 'running'`,
      );
      return r.count > 0;
    },
    async releaseExecution(id, owner) {
      const r = await write(
        (q) => q`
        UPDATE executions SET status = 'queued', lease_owner = NULL, lease_until = NULL, claims = 0
        WHERE id = ${id} AND lease_owner = ${owner} AND status = 'running'`,
      );
      return r.count > 0;
    },
    async finishExecution(id, owner, f, now = Date.now()) {
      const steps = f.steps ?? [];
      return write(
        async (q) => {
          const r = await q`
            UPDATE executions SET status = ${f.status}, error = ${json(f.error ?? null)}, result = ${json(f.result)},
              finished_at = ${now}, lease_owner = NULL, lease_until = NULL
            WHERE id = ${id} AND lease_owner = ${owner} AND status = 'running'`;
          if (r.count === 0) return false;
          if (steps.length > 0) await upsertSteps(q, steps);
          return true;
        },
        { atomic: steps.length > 0 },
      );
    },
    async listUnfinished(limit, page = {}) {
      // Served by the partial index executions_unfinished.
      const rows = await sql.unsafe<Pick<ExecRow, 'id' | 'status' | 'run_at' | 'lease_until'>[]>(
        UNFINISHED,
        [page.after ?? '', page.dueBy ?? Number.MAX_SAFE_INTEGER, limit],
        { prepare: true },
      );
      return rows.map((r) => ({ id: r.id, status: r.status, runAt: r.run_at, leaseUntil: r.lease_until }));
    },
    async requeueRunning() {
      // Keeps `claims`: these runs ended in a crash, and a crash loop must still reach the limit.
      const r = await sql`
        UPDATE executions SET status = 'queued', lease_owner = NULL, lease_until = NULL WHERE status = 'running'`;
      return r.count;
    },
    async reopenExecution(id, as) {
      const r = as
        ? await sql`
        UPDATE executions SET status = 'queued', error = NULL, result = NULL, finished_at = NULL, claims = 0,
          started_at = NULL, workflow_version = ${as.workflowVersion}, attempts = ${JSON.stringify(as.attempts)}
        WHERE id = ${id} AND status = 'failed'`
        : await sql`
        UPDATE executions SET status = 'queued', error = NULL, result = NULL, finished_at = NULL, claims = 0
        WHERE id = ${id} AND status = 'failed'`;
      return r.count > 0;
    },
    async listStepRecords(executionId) {
      const rows = await sql<StepRow[]>`
        SELECT * FROM step_records WHERE execution_id = ${executionId} ORDER BY started_at, key`;
      return rows.map(toStep);
    },
    async saveStepRecords(records, owner) {
      if (records.length === 0) return true;
      const id = records[0].executionId;
      return write(
        async (q) => {
          // FOR SHARE holds the execution row until this transaction commits: a claim by another
          // worker (an UPDATE of that row) waits for it, or has already won and we see no lease.
          const [held] = await q`
            SELECT 1 FROM executions WHERE id = ${id} AND lease_owner = ${owner} AND status = 'running' FOR SHARE`;
          if (!held) return false;
          await upsertSteps(q, records);
          return true;
        },
        { atomic: true },
      );
    },
    async deleteStepRecords(executionId, keys) {
      if (keys.length === 0) return;
      await sql`DELETE FROM step_records WHERE execution_id = ${executionId} AND key IN ${sql(keys)}`;
    },
  };
}

/** One statement for any number of records (all of one execution, whose lease the caller holds). */
async function upsertSteps(q: Sql | Tx, records: StepRecord[]): Promise<void> {
  const rows = records.map((s) => ({
    execution_id: s.executionId,
    key: s.key,
    step_id: s.stepId,
    type: s.type,
    status: s.status,
    attempt: s.attempt,
    input: json(s.input),
    output: json(s.output),
    branches: json(s.branches),
    error: json(s.error),
    wait: json(s.wait),
    started_at: s.startedAt,
    finished_at: s.finishedAt,
  }));
  await q`
    INSERT INTO step_records ${q(rows)}
    ON CONFLICT (execution_id, key) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
      input = excluded.input, output = excluded.output, branches = excluded.branches, error = excluded.error,
      wait = excluded.wait, started_at = excluded.started_at, finished_at = excluded.finished_at`;
}

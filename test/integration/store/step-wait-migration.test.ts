// Migration 042-step-wait is written three times, in the languages of the adapters: SQLite
// SQL, PostgreSQL SQL and (for MongoDB, converted on read) TypeScript. The same legacy rows
// go through each, on the real engines, and must come out the same.
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyWait } from '../../../server/store/legacy-wait.ts';
import { connectPostgres } from '../../../server/store/postgres/connect.ts';
import { PG_MIGRATIONS } from '../../../server/store/postgres/migrations.ts';
import { MIGRATIONS } from '../../../server/store/sqlite/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';

const WAIT_MIGRATION = '042-step-wait';
const PARENT_MIGRATION = '043-execution-parent';
const LATER = new Set([WAIT_MIGRATION, PARENT_MIGRATION]);
/** A child of a workflow.call as the old code stored it, and one started by a trigger. */
const LEGACY_TRIGGERS: [string, string][] = [
  ['child', '{"method":"CALL","body":{"n":1},"caller":{"executionId":"P1","key":"call","depth":2}}'],
  ['top', '{"method":"POST","body":{"caller":"not a parent"}}'],
];
const EXPECTED_PARENTS = [
  { id: 'child', parent: 'P1', depth: 2, trigger: { method: 'CALL', body: { n: 1 } } },
  { id: 'top', parent: null, depth: 0, trigger: { method: 'POST', body: { caller: 'not a parent' } } },
];

/** status, output, error as the old code stored them (JSON text). */
const LEGACY: [string, string, string, string | null][] = [
  ['delay', 'waiting', '{"resumeAt":1700000000000,"state":{"until":1700000000000}}', 'null'],
  ['backoff', 'waiting', '{"resumeAt":1700000000500}', '{"message":"503","code":"http_503"}'],
  ['call', 'waiting', '{"resumeAt":1700000060000,"state":{"executionId":"C1","polls":0},"wakeable":true}', 'null'],
  ['loop', 'waiting', '{"resumeAt":1700000001000,"state":null}', null],
  ['done', 'succeeded', '{"resumeAt":5}', 'null'],
  ['odd', 'waiting', '"text"', 'null'],
];

const expected = LEGACY.map(([key, status, output, error]) => {
  const wait = legacyWait(status, JSON.parse(output), error === null ? null : JSON.parse(error));
  return { key, wait, output: wait ? null : JSON.parse(output) };
});

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));

describe('migrations 042-step-wait and 043-execution-parent', () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase('hookflow_wait_migration');
  });
  afterAll(async () => {
    await pg?.drop();
  });

  it('the MongoDB read-time rule tells the kinds apart as the old engine did', () => {
    expect(expected.map((e) => [e.key, e.wait?.kind ?? null])).toEqual([
      ['delay', 'park'],
      ['backoff', 'retry'],
      ['call', 'call'],
      ['loop', 'park'],
      ['done', null],
      ['odd', null],
    ]);
    expect(expected[0].wait).toEqual({ kind: 'park', resumeAt: 1700000000000, state: { until: 1700000000000 } });
  });

  it('SQLite converts legacy rows the same way', () => {
    const db = new DatabaseSync(':memory:');
    for (const m of MIGRATIONS) {
      if (LATER.has(m.name)) continue;
      db.exec(m.sql);
    }
    const exec = db.prepare(
      `INSERT INTO executions (id, workflow_id, workflow_version, status, trigger, created_at) VALUES (?, 'w', 1, 'waiting', ?, 0)`,
    );
    for (const [id, trigger] of LEGACY_TRIGGERS) exec.run(id, trigger);
    const insert = db.prepare(
      `INSERT INTO step_records (execution_id, key, step_id, type, status, attempt, input, output, branches, error, started_at)
       VALUES ('e', ?, ?, 't', ?, 1, 'null', ?, 'null', ?, 0)`,
    );
    for (const [key, status, output, error] of LEGACY) insert.run(key, key, status, output, error);
    for (const m of MIGRATIONS.filter((x) => LATER.has(x.name))) db.exec(m.sql);
    const execs = db
      .prepare('SELECT id, parent_execution_id, call_depth, trigger FROM executions ORDER BY id')
      .all() as {
      id: string;
      parent_execution_id: string | null;
      call_depth: number;
      trigger: string;
    }[];
    expect(
      execs.map((e) => ({
        id: e.id,
        parent: e.parent_execution_id,
        depth: e.call_depth,
        trigger: JSON.parse(e.trigger),
      })),
    ).toEqual(EXPECTED_PARENTS);
    const rows = db.prepare('SELECT key, wait, output FROM step_records').all() as {
      key: string;
      wait: string | null;
      output: string;
    }[];
    const byKey = new Map(rows.map((r) => [r.key, { key: r.key, wait: parse(r.wait), output: parse(r.output) }]));
    expect(LEGACY.map(([key]) => byKey.get(key))).toEqual(expected);
    db.close();
  });

  it('PostgreSQL converts legacy rows the same way when the server starts on the old schema', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await sql`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`;
      for (const m of PG_MIGRATIONS) {
        if (LATER.has(m.name)) continue;
        await sql.unsafe(m.sql);
        await sql`INSERT INTO schema_migrations VALUES (${m.name}, 0)`;
      }
      for (const [key, status, output, error] of LEGACY) {
        await sql`INSERT INTO step_records (execution_id, key, step_id, type, status, attempt, input, output, branches, error, started_at)
          VALUES ('e', ${key}, ${key}, 't', ${status}, 1, 'null', ${output}, 'null', ${error}, 0)`;
      }
      for (const [id, trigger] of LEGACY_TRIGGERS) {
        await sql`INSERT INTO executions (id, workflow_id, workflow_version, status, trigger, created_at)
          VALUES (${id}, 'w', 1, 'waiting', ${trigger}, 0)`;
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
    const migrated = await connectPostgres({ url: pg.url, maxConnections: 1 });
    try {
      const rows = await migrated<{ key: string; wait: string | null; output: string }[]>`
        SELECT key, wait, output FROM step_records`;
      const byKey = new Map(rows.map((r) => [r.key, { key: r.key, wait: parse(r.wait), output: parse(r.output) }]));
      expect(LEGACY.map(([key]) => byKey.get(key))).toEqual(expected);
      const execs = await migrated<
        { id: string; parent_execution_id: string | null; call_depth: number; trigger: string }[]
      >`
        SELECT id, parent_execution_id, call_depth, trigger FROM executions ORDER BY id`;
      expect(
        execs.map((e) => ({
          id: e.id,
          parent: e.parent_execution_id,
          depth: e.call_depth,
          trigger: JSON.parse(e.trigger),
        })),
      ).toEqual(EXPECTED_PARENTS);
    } finally {
      await migrated.end({ timeout: 1 });
    }
  });
});

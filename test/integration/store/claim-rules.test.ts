// The claim/due rules are written once (server/store/claim-rules.ts) and rendered for each
// adapter: SQL for SQLite and PostgreSQL (the real engines evaluate it here) and a MongoDB
// filter. Every rendering must pick exactly the rows the TypeScript predicate picks.
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '../../../server/domain/execution.ts';
import {
  type ClaimFacts,
  claimableFilter,
  claimableSql,
  isClaimable,
  isUnfinishedAndDue,
  unfinishedAndDueFilter,
  unfinishedAndDueSql,
} from '../../../server/store/claim-rules.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';

const NOW = 1_700_000_000_000;
const STATUSES: ExecutionStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
const TIMES = [null, 0, NOW - 1, NOW, NOW + 1];
const rows: (ClaimFacts & { id: string })[] = STATUSES.flatMap((status) =>
  TIMES.flatMap((runAt) => TIMES.map((leaseUntil) => ({ status, runAt, leaseUntil }))),
).map((r, i) => ({ ...r, id: `e${String(i).padStart(3, '0')}` }));

const expected = (pick: (r: ClaimFacts) => boolean) => rows.filter(pick).map((r) => r.id);

/** MongoDB's semantics for the operators the filters use (`null` matches null or missing). */
function matches(doc: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, cond]) => {
    if (key === '$or') return (cond as Record<string, unknown>[]).some((f) => matches(doc, f));
    const v = doc[key] ?? null;
    if (cond === null || typeof cond !== 'object') return v === cond;
    const c = cond as { $in?: unknown[]; $lte?: number; $lt?: number };
    if (c.$in) return c.$in.includes(v);
    if (c.$lte !== undefined) return typeof v === 'number' && v <= c.$lte;
    if (c.$lt !== undefined) return typeof v === 'number' && v < c.$lt;
    throw new Error(`operator not covered: ${JSON.stringify(cond)}`);
  });
}

describe('claim and due rules, one definition for every adapter', () => {
  let pg: TestDatabase;
  let sql: postgres.Sql;
  const lite = new DatabaseSync(':memory:');
  beforeAll(async () => {
    pg = await createTestDatabase('hookflow_claim_rules');
    sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    await sql`CREATE TABLE executions (id TEXT PRIMARY KEY, status TEXT NOT NULL, run_at BIGINT, lease_until BIGINT)`;
    for (const r of rows) {
      await sql`INSERT INTO executions VALUES (${r.id}, ${r.status}, ${r.runAt}, ${r.leaseUntil})`;
    }
    lite.exec(
      'CREATE TABLE executions (id TEXT PRIMARY KEY, status TEXT NOT NULL, run_at INTEGER, lease_until INTEGER)',
    );
    const insert = lite.prepare('INSERT INTO executions VALUES (?, ?, ?, ?)');
    for (const r of rows) insert.run(r.id, r.status, r.runAt, r.leaseUntil);
  });
  afterAll(async () => {
    lite.close();
    await sql?.end({ timeout: 1 });
    await pg?.drop();
  });

  it('the predicates say what the comments always said', () => {
    expect(isClaimable({ status: 'queued', runAt: null, leaseUntil: null }, NOW)).toBe(true);
    expect(isClaimable({ status: 'waiting', runAt: NOW + 1, leaseUntil: null }, NOW)).toBe(false);
    expect(isClaimable({ status: 'waiting', runAt: NOW, leaseUntil: null }, NOW)).toBe(true);
    expect(isClaimable({ status: 'running', runAt: null, leaseUntil: NOW }, NOW)).toBe(false);
    expect(isClaimable({ status: 'running', runAt: null, leaseUntil: NOW - 1 }, NOW)).toBe(true);
    expect(isClaimable({ status: 'succeeded', runAt: null, leaseUntil: null }, NOW)).toBe(false);
    // A waiting row is due for the sweep exactly when claim would take it.
    for (const r of rows.filter((x) => x.status === 'waiting')) {
      expect(isUnfinishedAndDue(r, NOW)).toBe(isClaimable(r, NOW));
    }
  });

  it('SQLite evaluates the shared SQL to the same rows', () => {
    const pick = (where: string) =>
      (lite.prepare(`SELECT id FROM executions WHERE ${where} ORDER BY id`).all(NOW) as { id: string }[]).map(
        (r) => r.id,
      );
    expect(pick(claimableSql('?1'))).toEqual(expected((r) => isClaimable(r, NOW)));
    expect(pick(unfinishedAndDueSql('?1'))).toEqual(expected((r) => isUnfinishedAndDue(r, NOW)));
  });

  it('PostgreSQL evaluates the shared SQL to the same rows', async () => {
    const pick = async (where: string) =>
      (await sql.unsafe<{ id: string }[]>(`SELECT id FROM executions WHERE ${where} ORDER BY id`, [NOW])).map(
        (r) => r.id,
      );
    expect(await pick(claimableSql('$1'))).toEqual(expected((r) => isClaimable(r, NOW)));
    expect(await pick(unfinishedAndDueSql('$1'))).toEqual(expected((r) => isUnfinishedAndDue(r, NOW)));
  });

  it('the MongoDB filters select the same documents (a missing field counts as null)', () => {
    const docs = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
    const pick = (f: Record<string, unknown>) => docs.filter((d) => matches(d, f)).map((d) => d.id);
    expect(pick(claimableFilter(NOW))).toEqual(expected((r) => isClaimable(r, NOW)));
    expect(pick(unfinishedAndDueFilter(NOW))).toEqual(expected((r) => isUnfinishedAndDue(r, NOW)));
  });
});

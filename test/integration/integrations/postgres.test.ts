// postgres.query and postgres.insert against the machine's real PostgreSQL (a fresh database
// per run, dropped afterwards). A missing server fails the test, never skips it.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const PASSWORD = 'pg-node-secret-7c1e9a';
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };

describe('PostgreSQL steps against a real server', () => {
  let db: TestDatabase;
  let direct: postgres.Sql;
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  beforeAll(async () => {
    db = await createTestDatabase('hookflow_pgnode');
    direct = postgres(db.url, { max: 1, onnotice: () => {} });
    await direct`create table orders (id text primary key, total numeric not null, note text, meta jsonb, created_at timestamptz default now())`;
    const { port, hostname } = new URL(db.url);
    proxy = await startFlakyProxy({ host: hostname, port: Number(port) }, 1);
    hf = await startHookflow();
    const base = { host: hostname, port: Number(port), database: db.name, user: 'postgres', ssl: 'disable' };
    await putCredential(hf, 'pg', 'postgres', { ...base, password: PASSWORD });
    await putCredential(hf, 'pg-bad-role', 'postgres', { ...base, user: 'no_such_role_hft', password: PASSWORD });
    await putCredential(hf, 'pg-flaky', 'postgres', { ...base, port: proxy.port, password: PASSWORD });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    await direct?.end({ timeout: 1 });
    await db?.drop();
  });

  const flow = (id: string, steps: unknown[]) => ({
    id,
    steps,
    edges: steps.map((s, i) => ({
      from: i === 0 ? 'trigger' : (steps[i - 1] as { id: string }).id,
      to: (s as { id: string }).id,
    })),
  });

  it('inserts, upserts and queries with parameters; values are data, never SQL', async () => {
    const exec = await runWorkflow(
      hf,
      flow('pg-happy', [
        {
          id: 'ins',
          type: 'postgres.insert',
          credential: 'pg',
          params: { table: 'public.orders', rows: '=trigger.body.orders' },
        },
        {
          id: 'up',
          type: 'postgres.insert',
          credential: 'pg',
          params: {
            table: 'orders',
            rows: { id: 'A-1', total: 99, note: "it's'); drop table orders; --" },
            onConflict: 'update',
            conflictColumns: ['id'],
          },
        },
        {
          id: 'sel',
          type: 'postgres.query',
          credential: 'pg',
          params: {
            query: 'select id, total, note, meta from orders where total > $1 order by id',
            values: ['=[trigger.body.min]'],
          },
        },
      ]),
      {
        min: 5,
        orders: [
          { id: 'A-1', total: 10, meta: { vip: true } },
          { id: 'A-2', total: 20 },
        ],
      },
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'ins').output).toMatchObject({ rowCount: 2, command: 'INSERT', truncated: false });
    expect(step(exec, 'up').output.rows).toEqual([expect.objectContaining({ id: 'A-1', total: '99' })]);
    expect(step(exec, 'sel').output.rows).toEqual([
      { id: 'A-1', total: '99', note: "it's'); drop table orders; --", meta: { vip: true } },
      { id: 'A-2', total: '20', note: null, meta: null },
    ]);
    const [{ count }] = await direct`select count(*)::int as count from orders`;
    expect(count).toBe(2);
    expect(JSON.stringify(exec)).not.toContain(PASSWORD);
  });

  it('a statement error fails at once with the SQLSTATE; a column name that is not plain is refused before SQL', async () => {
    const exec = await runWorkflow(
      hf,
      flow('pg-bad-sql', [
        {
          id: 'q',
          type: 'postgres.query',
          credential: 'pg',
          retry: RETRY,
          params: { query: 'select * from missing_table' },
        },
      ]),
    );
    expect(exec.status).toBe('failed');
    expect(step(exec, 'q')).toMatchObject({ attempt: 1, error: { code: 'postgres_42P01' } });
    const inj = await runWorkflow(
      hf,
      flow('pg-bad-column', [
        {
          id: 'i',
          type: 'postgres.insert',
          credential: 'pg',
          retry: RETRY,
          params: { table: 'orders', rows: { 'id") values (1); --': 'x' } },
        },
      ]),
    );
    expect(step(inj, 'i')).toMatchObject({ attempt: 1, error: { code: 'invalid_column' } });
  });

  it('a refused login fails at once, without retries, and the password stays out of the record', async () => {
    const exec = await runWorkflow(
      hf,
      flow('pg-auth', [
        { id: 'q', type: 'postgres.query', credential: 'pg-bad-role', retry: RETRY, params: { query: 'select 1' } },
      ]),
    );
    expect(exec.status).toBe('failed');
    expect(step(exec, 'q')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(step(exec, 'q').error.message).toContain('no_such_role_hft');
    expect(JSON.stringify(exec)).not.toContain(PASSWORD);
  });

  it('a connection cut while opening is retried, and the retry succeeds on a fresh connection', async () => {
    const exec = await runWorkflow(
      hf,
      flow('pg-flaky', [
        {
          id: 'q',
          type: 'postgres.query',
          credential: 'pg-flaky',
          retry: RETRY,
          params: { query: 'select 41 + 1 as answer' },
        },
      ]),
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'q')).toMatchObject({ attempt: 2, output: { rows: [{ answer: 42 }] } });
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
  });

  it('closes its connections when Hookflow stops', async () => {
    const open = async () =>
      (
        await direct`select count(*)::int as n from pg_stat_activity where datname = ${db.name} and application_name = 'hookflow'`
      )[0].n;
    expect(await open()).toBeGreaterThan(0);
    await hf.close();
    hf = undefined as never;
    for (let i = 0; i < 50 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await open()).toBe(0);
  });
});

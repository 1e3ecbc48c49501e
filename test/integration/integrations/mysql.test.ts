// mysql.query against the machine's real MariaDB (127.0.0.1:3306, root without password; a
// fresh database per run, dropped afterwards). A missing server fails the test, never skips it.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const HOST = process.env.TEST_MYSQL_HOST ?? '127.0.0.1';
const PORT = Number(process.env.TEST_MYSQL_PORT ?? 3306);
const ROOT_PASSWORD = process.env.TEST_MYSQL_PASSWORD ?? '';
const PASSWORD = `my-node-secret-${randomBytes(4).toString('hex')}`;
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };

describe('mysql.query against a real MariaDB', () => {
  const dbName = `hookflow_mynode_${randomBytes(5).toString('hex')}`;
  const user = `hft_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  beforeAll(async () => {
    try {
      admin = await mysql.createConnection({ host: HOST, port: PORT, user: 'root', password: ROOT_PASSWORD });
    } catch (err) {
      throw new Error(
        `MariaDB is required by this test and did not answer at ${HOST}:${PORT}: ${(err as Error).message}`,
      );
    }
    await admin.query(`create database ${dbName}`);
    await admin.query(`create user '${user}'@'%' identified by '${PASSWORD}'`);
    await admin.query(`grant all on ${dbName}.* to '${user}'@'%'`);
    await admin.query(
      `create table ${dbName}.orders (id varchar(20) primary key, total decimal(10,2) not null, meta json, note text)`,
    );
    proxy = await startFlakyProxy({ host: HOST, port: PORT }, 1);
    hf = await startHookflow();
    const base = { host: HOST, port: PORT, database: dbName, user, ssl: 'disable' };
    await putCredential(hf, 'my', 'mysql', { ...base, password: PASSWORD });
    await putCredential(hf, 'my-wrong', 'mysql', { ...base, password: `${PASSWORD}-wrong` });
    await putCredential(hf, 'my-flaky', 'mysql', { ...base, port: proxy.port, password: PASSWORD });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    if (admin) {
      await admin.query(`drop database if exists ${dbName}`);
      await admin.query(`drop user if exists '${user}'@'%'`);
      await admin.end();
    }
  });

  const one = (id: string, credential: string, params: unknown) => ({
    id,
    steps: [{ id: 'q', type: 'mysql.query', credential, retry: RETRY, params }],
    edges: [{ from: 'trigger', to: 'q' }],
  });

  it('inserts and selects with ? parameters; values are data, never SQL', async () => {
    const ins = await runWorkflow(
      hf,
      one('my-insert', 'my', {
        query: 'insert into orders (id, total, meta, note) values (?, ?, ?, ?), (?, ?, ?, ?)',
        values:
          '=[trigger.body.a.id, trigger.body.a.total, trigger.body.a.meta, trigger.body.a.note, "B-2", 20, null, null]',
      }),
      { a: { id: 'B-1', total: 12.5, meta: { vip: true }, note: "x'); drop table orders; --" } },
    );
    expect(ins.status, JSON.stringify(ins.steps)).toBe('succeeded');
    expect(step(ins, 'q').output).toMatchObject({ affectedRows: 2, rowCount: 2 });
    const sel = await runWorkflow(
      hf,
      one('my-select', 'my', { query: 'select id, total, note from orders where total > ? order by id', values: [1] }),
    );
    expect(step(sel, 'q').output).toEqual({
      rows: [
        { id: 'B-1', total: '12.50', note: "x'); drop table orders; --" },
        { id: 'B-2', total: '20.00', note: null },
      ],
      rowCount: 2,
      truncated: false,
    });
    const [rows] = await admin.query(`select meta from ${dbName}.orders where id = 'B-1'`);
    const meta = (rows as Array<{ meta: unknown }>)[0].meta;
    expect(typeof meta === 'string' ? JSON.parse(meta) : meta).toEqual({ vip: true });
    expect(JSON.stringify([ins, sel])).not.toContain(PASSWORD);
  });

  it('a statement error fails at once with the server error number', async () => {
    const exec = await runWorkflow(hf, one('my-bad', 'my', { query: 'select * from missing_table' }));
    expect(exec.status).toBe('failed');
    expect(step(exec, 'q')).toMatchObject({ attempt: 1, error: { code: 'mysql_1146' } });
  });

  it('a refused login fails at once, without retries, and the password stays out of the record', async () => {
    const exec = await runWorkflow(hf, one('my-auth', 'my-wrong', { query: 'select 1' }));
    expect(exec.status).toBe('failed');
    expect(step(exec, 'q')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(step(exec, 'q').error.message).toContain('Access denied');
    expect(JSON.stringify(exec)).not.toContain(PASSWORD);
  });

  it('a connection cut while opening is retried, and the retry succeeds', async () => {
    const exec = await runWorkflow(hf, one('my-flaky', 'my-flaky', { query: 'select 41 + 1 as answer' }));
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'q')).toMatchObject({ attempt: 2, output: { rows: [{ answer: 42 }] } });
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
  });
});

// `hookflow migrate`: a populated SQLite instance moved into PostgreSQL answers at the same
// trigger URLs, with its versions, sealed credentials, users and API keys; a dry run writes
// nothing; a non-empty target and bad arguments are refused with a clear message.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'cli', 'hookflow.ts');
const run = promisify(execFile);

type Result = { code: number; stdout: string; stderr: string };

async function hookflow(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const QUOTE = {
  id: 'quote',
  name: 'Quote',
  trigger: { type: 'webhook', methods: ['POST'], response: { mode: 'sync', timeout: '10s' } },
  steps: [{ id: 'price', type: 'transform', params: { expression: "{ 'total': trigger.body.qty * 3 }" } }],
  edges: [{ from: 'trigger', to: 'price' }],
};

const OWNER = { ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'correct horse battery' };

const servers: TestHookflow[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase('hookflow_migrate_cli');
  cleanups.push(() => db.drop());
  return db;
}

async function tableCount(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [r] = await sql<{ n: string }[]>`
      SELECT COUNT(*)::text AS n FROM information_schema.tables WHERE table_schema = 'public'`;
    return Number(r.n);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const ask = async (url: string, qty: number) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ qty }),
  });
  return { status: res.status, body: await res.json() };
};

describe('hookflow migrate --from sqlite:// --to postgres://', () => {
  it('moves a populated SQLite store into PostgreSQL: the workflows answer at the same trigger URLs', async () => {
    const data = tempDir('hookflow-migrate-');
    cleanups.push(data.cleanup);
    // 1. A populated SQLite instance: a workflow with two versions, a credential, an owner, a key.
    const before = await startHookflow({ DATA_DIR: data.dir, ...OWNER });
    servers.push(before);
    expect((await before.api('/api/workflows', { body: QUOTE })).status).toBe(201);
    const v2 = await before.api('/api/workflows/quote', { method: 'PUT', body: { ...QUOTE, name: 'Quote v2' } });
    expect(v2.status).toBe(200);
    const triggerPath = new URL(v2.body.triggerUrl).pathname;
    const cred = await before.api('/api/credentials', {
      body: { name: 'crm', type: 'bearer', data: { token: 'sk-live-123' } },
    });
    expect(cred.status).toBe(201);
    const key = await before.api('/api/auth/keys', { body: { name: 'automation', role: 'editor' } });
    expect(key.status).toBe(201);
    expect(await ask(`${before.url}${triggerPath}`, 2)).toEqual({ status: 200, body: { total: 6 } });
    await before.close();
    servers.splice(0);

    const db = await database();
    const file = path.join(data.dir, 'hookflow.db');

    // 2. A dry run lists what would move and writes nothing (not even the schema).
    const dry = await hookflow(['migrate', '--from', `sqlite://${file}`, '--to', db.url, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would copy/);
    expect(dry.stdout).toMatch(/1 workflows\n\s+2 workflow versions\n\s+1 credentials\n\s+1 users\n\s+1 API keys/);
    expect(await tableCount(db.url)).toBe(0);

    // 3. The real run, from a relative sqlite:// path as the README shows.
    const real = await hookflow(['migrate', '--from', `sqlite://${path.relative(ROOT, file)}`, '--to', db.url]);
    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/encryption\.key/);

    // 4. Hookflow on PostgreSQL (a fresh DATA_DIR, the old key passed on): same trigger URL,
    // same answer; versions, credential (still decrypts), user and key are all there.
    const { readFileSync } = await import('node:fs');
    const keyHex = readFileSync(path.join(data.dir, 'encryption.key'), 'utf8').trim();
    const after = await startHookflow({ DATABASE_URL: db.url, ENCRYPTION_KEY: keyHex });
    servers.push(after);
    expect(after.store.kind).toBe('postgres');
    expect(await ask(`${after.url}${triggerPath}`, 5)).toEqual({ status: 200, body: { total: 15 } });
    const versions = await after.api('/api/workflows/quote/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(await after.vault.get('crm')).toEqual({ type: 'bearer', data: { token: 'sk-live-123' } });
    const users = await after.api('/api/auth/users');
    expect(users.body.items.map((u: { email: string }) => u.email)).toEqual([OWNER.ADMIN_EMAIL]);
    expect((await after.api('/api/workflows', { auth: key.body.key })).status).toBe(200);
    const login = await after.api('/api/auth/login', {
      body: { email: OWNER.ADMIN_EMAIL, password: OWNER.ADMIN_PASSWORD },
      auth: null,
    });
    expect(login.status).toBe(200);

    // 5. A second run is refused: the target is no longer empty, and nothing changes.
    const again = await hookflow(['migrate', '--from', `sqlite://${file}`, '--to', db.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds workflows/);
    expect((await after.api('/api/workflows')).body.items).toHaveLength(1);
  }, 60_000);

  it.each([
    [['--to', 'postgres://127.0.0.1/x'], /--from must be sqlite:\/\//],
    [['--from', 'sqlite:///no/such/file.db', '--to', 'postgres://127.0.0.1/x'], /--from: no such file/],
    [
      ['--from', 'sqlite://package.json', '--to', 'postgres://127.0.0.1/x'],
      /--from: .*(not a Hookflow database|cannot open)/,
    ],
    [['--from', 'sqlite://package.json', '--to', 'mysql://db/x'], /--to must be a postgres:\/\/ URL/],
  ])('refuses %j with exit 2 and a message naming the option', async (args, message) => {
    const r = await hookflow(['migrate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('hookflow run with DATABASE_URL in the environment', () => {
  it('still runs on a private temporary store, never the configured database', async () => {
    const dir = tempDir('hookflow-run-pg-');
    cleanups.push(dir.cleanup);
    const { writeFileSync } = await import('node:fs');
    const file = path.join(dir.dir, 'quote.json');
    writeFileSync(file, JSON.stringify(QUOTE));
    const input = path.join(dir.dir, 'in.json');
    writeFileSync(input, JSON.stringify({ qty: 4 }));
    // Nothing listens on port 1: using this database would fail the run.
    const r = await hookflow(['run', file, '--input', input, '--json'], {
      DATABASE_URL: 'postgres://127.0.0.1:1/production',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"total": 12');
  }, 30_000);
});

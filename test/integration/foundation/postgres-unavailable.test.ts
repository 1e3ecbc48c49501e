// Accepted means durable on PostgreSQL too: while the database refuses connections (a
// restart, a failover), a webhook gets 503 `store_unavailable` with Retry-After — never a
// 2xx for an execution that was not committed — and once the database is back the same
// process accepts again without a restart.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresServerUrl, type TestDatabase } from '../../helpers/postgres.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

describe('ingest while PostgreSQL is unavailable', () => {
  let db: TestDatabase;
  let hf: TestHookflow;
  let hook = '';
  const admin = () => postgres(postgresServerUrl(), { max: 1, onnotice: () => {} });

  /** Cuts every connection to the test database and refuses new ones (or lets them in again). */
  async function setReachable(reachable: boolean) {
    const sql = admin();
    try {
      await sql.unsafe(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS ${reachable}`);
      if (!reachable) await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${db.name}`;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  const fire = async (n: number) => {
    const res = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"n":${n}}`,
    });
    return { status: res.status, body: (await res.json()) as any, retryAfter: res.headers.get('retry-after') };
  };

  beforeAll(async () => {
    db = await createTestDatabase('hookflow_unavailable');
    hf = await startHookflow({ DATABASE_URL: db.url, ENCRYPTION_KEY: 'd'.repeat(64) });
    const created = await hf.api('/api/workflows', {
      body: {
        id: 'count',
        name: 'Count',
        trigger: { type: 'webhook', methods: ['POST'] },
        steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
        edges: [{ from: 'trigger', to: 'shape' }],
      },
    });
    expect(created.status).toBe(201);
    hook = created.body.triggerUrl;
    expect((await fire(0)).status).toBe(202);
  }, 60_000);
  afterAll(async () => {
    await setReachable(true).catch(() => {});
    await hf?.close();
    await db?.drop();
  });

  it('answers 503 store_unavailable while the database is gone, and accepts again once it is back', async () => {
    await setReachable(false);
    const during = await Promise.all([1, 2, 3].map(fire));
    for (const a of during) {
      expect(a.status).toBe(503);
      expect(a.body.error.code).toBe('store_unavailable');
      expect(a.retryAfter).toBeTruthy();
    }
    expect((await fetch(`${hf.url}/readyz`)).status).toBe(503);

    await setReachable(true);
    const deadline = Date.now() + 20_000;
    let after = await fire(4);
    while (after.status !== 202 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await fire(4);
    }
    expect(after.status).toBe(202);
    // Only what was acknowledged is stored: the first webhook and the one after the outage.
    const stored = await hf.store.listExecutions({ limit: 50 });
    const ns = await Promise.all(stored.items.map(async (e) => (e.trigger.body as { n: number }).n));
    expect(ns.sort()).toEqual([0, 4]);
  }, 60_000);
});

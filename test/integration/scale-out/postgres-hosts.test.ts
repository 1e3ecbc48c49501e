// Many hosts, simulated: two api and two worker processes that share only PostgreSQL and
// Redis (each has a DATA_DIR of its own, so nothing passes through a local file). Webhooks
// spread over both apis run exactly once; a worker SIGKILLed mid-step leaves its execution to
// the other; a sync-mode trigger answers the caller whichever api it reached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { type Cluster, startCluster } from '../../helpers/cluster.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { blast, createWorkflow, forwardWorkflow, waitUntilAllFinished } from './scale-out-fixtures.ts';

/** The same trigger path on another api process. */
const on = (apiUrl: string, triggerUrl: string) => `${apiUrl}${new URL(triggerUrl).pathname}`;

describe.skipIf(!redisAvailable({ ownServer: true }))(
  'scale-out: 2 api + 2 workers sharing only PostgreSQL and Redis',
  () => {
    let db: TestDatabase;
    let redis: TestRedis;
    let sink: Sink;
    let cluster: Cluster;
    let store: Store;
    let finishedSoFar = 0;

    beforeAll(async () => {
      db = await createTestDatabase('hookflow_hosts');
      redis = await startRedis({ ownServer: true });
      sink = await startSink();
      cluster = await startCluster({
        apis: 2,
        workers: 2,
        dataDirPerProcess: true,
        redisUrl: redis.url,
        redisPrefix: redis.prefix,
        env: {
          DATABASE_URL: db.url,
          // Hosts share credentials through the store, so they must share the key too.
          ENCRYPTION_KEY: 'a'.repeat(64),
          SSRF_ALLOW: '127.0.0.1',
          WORKER_CONCURRENCY: '16',
          // A dead worker's lease runs out within seconds (generous for a busy 2-core machine).
          LEASE_MS: '5000',
          SWEEP_INTERVAL_MS: '1000',
        },
      });
      store = await createPostgresStore({ url: db.url, maxConnections: 2 });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await cluster?.stop();
      await sink?.close();
      await redis?.stop();
      await db?.drop();
    });

    it('keeps nothing on the hosts: each process has its own DATA_DIR and no SQLite file', async () => {
      const { readdirSync, existsSync } = await import('node:fs');
      const hosts = readdirSync(cluster.dataDir).filter((d) => d.startsWith('host-'));
      expect(hosts).toHaveLength(4);
      for (const h of hosts) expect(existsSync(`${cluster.dataDir}/${h}/hookflow.db`)).toBe(false);
    });

    it('accepts 2,000 webhooks over both apis; each execution finishes once and is delivered once', async () => {
      const triggerUrl = await createWorkflow(cluster, forwardWorkflow('fan-out', sink.url));
      const [a, b] = await Promise.all([
        blast(on(cluster.apiUrls[0], triggerUrl), 1000, 16, 0),
        blast(on(cluster.apiUrls[1], triggerUrl), 1000, 16, 1000),
      ]);
      const ids = [...a, ...b];
      expect(new Set(ids).size).toBe(2000);

      const executions = await waitUntilAllFinished(store, 2000, 120_000).catch((err) => {
        throw new Error(`${err.message}\n${cluster.logs()}`);
      });
      finishedSoFar = 2000;
      expect(executions.filter((e) => e.status !== 'succeeded')).toEqual([]);
      expect(new Set(executions.map((e) => e.id))).toEqual(new Set(ids));
      await sink.waitFor(2000);
      expect(sink.requests).toHaveLength(2000);
      const delivered = new Map(sink.requests.map((r) => [(r.json as { executionId: string }).executionId, r]));
      expect(delivered.size).toBe(2000);
      for (const [n, id] of ids.entries()) expect(delivered.get(id)?.json).toEqual({ n, executionId: id });
      for (const e of executions.slice(0, 400)) {
        const steps = await store.listStepRecords(e.id);
        expect(steps.map((s) => [s.key, s.status, s.attempt]).sort()).toEqual([
          ['forward', 'succeeded', 1],
          ['shape', 'succeeded', 1],
        ]);
      }
    }, 180_000);

    it('answers a sync-mode trigger through either api with the result a worker computed', async () => {
      const triggerUrl = await createWorkflow(cluster, {
        id: 'quote',
        name: 'Quote',
        trigger: { type: 'webhook', response: { mode: 'sync', timeout: '15s' } },
        steps: [{ id: 'price', type: 'transform', params: { expression: "{ 'total': trigger.body.qty * 3 }" } }],
        edges: [{ from: 'trigger', to: 'price' }],
      });
      const answers = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(async (qty) => {
          const res = await fetch(on(cluster.apiUrls[qty % 2], triggerUrl), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ qty }),
          });
          return { status: res.status, body: await res.json(), id: res.headers.get('x-hookflow-execution-id') };
        }),
      );
      for (const [i, a] of answers.entries()) {
        expect(a.status).toBe(200);
        expect(a.body).toEqual({ total: (i + 1) * 3 });
        expect((await store.getExecution(a.id as string))?.status).toBe('succeeded');
      }
      finishedSoFar += 6;
    }, 60_000);

    it('finishes on the other worker after the one running a step is SIGKILLed, without redoing finished steps', async () => {
      sink.requests.length = 0;
      // The first call to /slow never answers in time: the worker holding it dies waiting.
      sink.reply = (req) =>
        req.url === '/slow' && sink.requests.filter((r) => r.url === '/slow').length === 1
          ? { status: 200, delayMs: 120_000 }
          : { status: 200, body: { ok: true } };
      const post = (path: string) => ({ method: 'POST', url: `${sink.url}${path}`, body: '=execution' });
      const triggerUrl = await createWorkflow(cluster, {
        id: 'three-calls',
        name: 'Three calls',
        trigger: { type: 'webhook' },
        steps: [
          { id: 'first', type: 'http.request', params: post('/first') },
          { id: 'slow', type: 'http.request', params: post('/slow') },
          { id: 'last', type: 'http.request', params: post('/last') },
        ],
        edges: [
          { from: 'trigger', to: 'first' },
          { from: 'first', to: 'slow' },
          { from: 'slow', to: 'last' },
        ],
      });
      const [id] = await blast(on(cluster.apiUrls[1], triggerUrl), 1, 1);
      await sink.waitFor(2);
      expect(sink.requests.map((r) => r.url)).toEqual(['/first', '/slow']);
      // The lease owner names the process (host:pid:random): kill exactly the one running it.
      const owner = (await store.getExecution(id))?.leaseOwner ?? '';
      const victim = cluster.workers.find((w) => owner.split(':')[1] === String(w.child.pid));
      expect(victim, `lease owner ${owner}`).toBeDefined();
      await cluster.kill(victim!);

      const all = await waitUntilAllFinished(store, finishedSoFar + 1, 60_000).catch((err) => {
        throw new Error(`${err.message}\n${cluster.logs()}`);
      });
      const exec = all.find((e) => e.id === id);
      expect(exec?.status).toBe('succeeded');
      expect(exec?.claims).toBeGreaterThanOrEqual(1);
      expect(sink.requests.map((r) => r.url)).toEqual(['/first', '/slow', '/slow', '/last']);
      expect(new Set(sink.requests.slice(1, 3).map((r) => r.headers['idempotency-key']))).toEqual(
        new Set([`${id}:slow`]),
      );
      const steps = await store.listStepRecords(id);
      expect(Object.fromEntries(steps.map((s) => [s.key, [s.status, s.attempt]]))).toEqual({
        first: ['succeeded', 1],
        slow: ['succeeded', 1],
        last: ['succeeded', 1],
      });
    }, 90_000);
  },
);

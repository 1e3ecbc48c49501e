// Crashes in a scaled-out deployment: a worker SIGKILLed mid-step, and Redis restarted with
// no persistence while executions wait in it. Nothing accepted is lost, nothing finished
// is redone, and nothing stays queued or running.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store.ts';
import { type Cluster, startCluster } from '../../helpers/cluster.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { blast, createWorkflow, forwardWorkflow, openSharedStore, waitUntilAllFinished } from './scale-out-fixtures.ts';

// Short leases and sweeps so a dead worker's execution is taken over within seconds.
const FAST_RECOVERY = { SSRF_ALLOW: '127.0.0.1', LEASE_MS: '1500', SWEEP_INTERVAL_MS: '500' };

describe.skipIf(!redisAvailable({ ownServer: true }))('scale-out crash recovery', () => {
  let redis: TestRedis;
  let cluster: Cluster | undefined;
  let sink: Sink;
  let store: Store | undefined;

  beforeEach(async () => {
    redis = await startRedis({ ownServer: true });
    sink = await startSink();
  });
  afterEach(async () => {
    await store?.close();
    await cluster?.stop();
    await sink.close();
    await redis.stop();
    store = undefined;
    cluster = undefined;
  });

  const post = (path: string) => ({ method: 'POST', url: `${sink.url}${path}`, body: '=execution' });

  it('finishes on another worker after a worker is killed mid-step, without redoing finished steps', async () => {
    cluster = await startCluster({ workers: 1, redisUrl: redis.url, redisPrefix: redis.prefix, env: FAST_RECOVERY });
    store = openSharedStore(cluster.dataDir);
    // The first call to /slow never answers in time: its worker dies while waiting on it.
    sink.reply = (req) =>
      req.url === '/slow' && sink.requests.filter((r) => r.url === '/slow').length === 1
        ? { status: 200, delayMs: 60_000 }
        : { status: 200, body: { ok: true } };
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
    const [id] = await blast(triggerUrl, 1, 1);
    await sink.waitFor(2); // /first done, /slow in flight on worker 0
    expect(sink.requests.map((r) => r.url)).toEqual(['/first', '/slow']);
    await cluster.addWorker();
    await cluster.kill(cluster.workers[0]);

    const [exec] = await waitUntilAllFinished(store, 1, 30_000).catch((err) => {
      throw new Error(`${err.message}\n${cluster?.logs()}`);
    });
    expect(exec.status).toBe('succeeded');
    const urls = sink.requests.map((r) => r.url);
    // The finished step ran once; the step in flight ran again, with the same idempotency key.
    expect(urls).toEqual(['/first', '/slow', '/slow', '/last']);
    expect(new Set(sink.requests.slice(1, 3).map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`${id}:slow`]),
    );
    const steps = await store.listStepRecords(id);
    expect(Object.fromEntries(steps.map((s) => [s.key, [s.status, s.attempt]]))).toEqual({
      first: ['succeeded', 1],
      slow: ['succeeded', 1],
      last: ['succeeded', 1],
    });
  });

  it('re-enqueues what a Redis restart lost, accepts webhooks while Redis is down, and runs them all', async () => {
    // No workers yet: everything accepted stays queued in Redis.
    cluster = await startCluster({ workers: 0, redisUrl: redis.url, redisPrefix: redis.prefix, env: FAST_RECOVERY });
    store = openSharedStore(cluster.dataDir);
    const triggerUrl = await createWorkflow(cluster, forwardWorkflow('survivor', sink.url));
    const before = await blast(triggerUrl, 200, 16);
    // An api process never executes: all 200 are committed and still queued.
    const queued = await store.listExecutions({ limit: 500, status: 'queued' });
    expect(queued.items).toHaveLength(200);

    await redis.kill();
    // Ingress keeps accepting while the store is up; readiness reports the queue as down.
    const during = await blast(triggerUrl, 30, 4, 200);
    const ready = await fetch(`${cluster.url}/readyz`);
    const readyBody = (await ready.json()) as { store: { ok: boolean }; queue: { ok: boolean } };
    expect(ready.status).toBe(503);
    expect(readyBody.store.ok).toBe(true);
    expect(readyBody.queue.ok).toBe(false);

    await redis.start(); // empty: the 200 queued jobs are gone
    await cluster.addWorker();
    await cluster.addWorker();
    const executions = await waitUntilAllFinished(store, 230, 60_000).catch((err) => {
      throw new Error(`${err.message}\n${cluster?.logs()}`);
    });
    expect(executions.filter((e) => e.status !== 'succeeded')).toEqual([]);
    await sink.waitFor(230);
    const delivered = sink.requests.map((r) => (r.json as { executionId: string }).executionId);
    expect(new Set(delivered)).toEqual(new Set([...before, ...during]));
    expect(delivered).toHaveLength(230);
    expect((await fetch(`${cluster.url}/readyz`)).status).toBe(200);
  });
});

// One api and two worker processes on a shared SQLite file and a real Redis: every accepted
// webhook runs exactly once and its delivery reaches the sink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store.ts';
import { type Cluster, startCluster } from '../../helpers/cluster.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { blast, createWorkflow, forwardWorkflow, openSharedStore, waitUntilAllFinished } from './scale-out-fixtures.ts';

describe.skipIf(!redisAvailable())('scale-out: 1 api + 2 workers on Redis and shared SQLite', () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let sink: Sink;
  let store: Store;

  beforeAll(async () => {
    redis = await startRedis();
    sink = await startSink();
    cluster = await startCluster({
      workers: 2,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { SSRF_ALLOW: '127.0.0.1', WORKER_CONCURRENCY: '16' },
    });
    store = openSharedStore(cluster.dataDir);
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
    await sink?.close();
    await redis?.stop();
  });

  it('accepts 1,000 webhooks; each execution finishes once and each delivery reaches the sink', async () => {
    const triggerUrl = await createWorkflow(cluster, forwardWorkflow('fan-out', sink.url));
    const ids = await blast(triggerUrl, 1000, 32);
    expect(new Set(ids).size).toBe(1000);

    const executions = await waitUntilAllFinished(store, 1000).catch((err) => {
      throw new Error(`${err.message}\n${cluster.logs()}`);
    });
    expect(executions.filter((e) => e.status !== 'succeeded')).toEqual([]);
    expect(new Set(executions.map((e) => e.id))).toEqual(new Set(ids));

    await sink.waitFor(1000);
    // Exactly one delivery per execution, with the right payload and idempotency key.
    expect(sink.requests).toHaveLength(1000);
    const delivered = new Map(sink.requests.map((r) => [(r.json as { executionId: string }).executionId, r]));
    expect(delivered.size).toBe(1000);
    for (const [n, id] of ids.entries()) {
      const r = delivered.get(id);
      expect(r?.json).toEqual({ n, executionId: id });
      expect(r?.headers['idempotency-key']).toBe(`${id}:forward`);
    }
    for (const e of executions.slice(0, 200)) {
      const steps = await store.listStepRecords(e.id);
      expect(steps.map((s) => [s.key, s.status, s.attempt]).sort()).toEqual([
        ['forward', 'succeeded', 1],
        ['shape', 'succeeded', 1],
      ]);
    }
  });
});

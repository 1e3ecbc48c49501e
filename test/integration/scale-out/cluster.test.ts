// One api and two worker processes on a shared SQLite file and a real Redis: every accepted
// webhook runs exactly once and its delivery reaches the sink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store.ts';
import type { Cluster } from '../../helpers/cluster.ts';
import { redisAvailable } from '../../helpers/redis.ts';
import type { Sink } from '../../helpers/sink.ts';
import {
  blast,
  type ClusterRig,
  createWorkflow,
  forwardWorkflow,
  startClusterRig,
  waitUntilAllFinished,
} from './scale-out-fixtures.ts';

describe.skipIf(!redisAvailable())('scale-out: 1 api + 2 workers on Redis and shared SQLite', () => {
  let rig: ClusterRig;
  let cluster: Cluster;
  let sink: Sink;
  let store: Store;

  beforeAll(async () => {
    rig = await startClusterRig(2, { WORKER_CONCURRENCY: '16' });
    ({ cluster, sink, store } = rig);
  });
  afterAll(async () => {
    await rig?.stop();
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

  it('retries through BullMQ delayed jobs across workers: each execution retries once, same idempotency key', async () => {
    sink.requests.length = 0;
    const failedOnce = new Set<string>();
    // The first delivery of each execution gets a 503; the retry gets through.
    sink.reply = (req) => {
      const id = (req.json as { executionId: string }).executionId;
      if (failedOnce.has(id)) return { status: 200, body: { ok: true } };
      failedOnce.add(id);
      return { status: 503, body: { busy: true } };
    };
    const doc = forwardWorkflow('retrying', sink.url);
    Object.assign(doc.steps[1], { retry: { attempts: 3, backoff: 'fixed', delay: '300ms' } });
    const triggerUrl = await createWorkflow(cluster, doc);
    const ids = await blast(triggerUrl, 100, 16, 5000);
    const all = await waitUntilAllFinished(store, 1100, 30_000);
    const mine = all.filter((e) => ids.includes(e.id));
    expect(mine.map((e) => e.status)).toEqual(Array(100).fill('succeeded'));
    expect(sink.requests).toHaveLength(200);
    for (const id of ids.slice(0, 20)) {
      const forward = (await store.listStepRecords(id)).find((s) => s.key === 'forward');
      expect([forward?.status, forward?.attempt]).toEqual(['succeeded', 2]);
      const keys = sink.requests.filter((r) => (r.json as { executionId: string }).executionId === id);
      expect(keys.map((r) => r.headers['idempotency-key'])).toEqual([`${id}:forward`, `${id}:forward`]);
    }
  });
});

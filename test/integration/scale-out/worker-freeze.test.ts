// A worker frozen under load (SIGSTOP: a VM paused, a stop-the-world stall, a laptop lid)
// for longer than its lease, then resumed (SIGCONT). Its leases and BullMQ locks run out, the
// other worker takes its executions over, and on waking it neither piles up the sweep rounds it
// missed (one pass per process at a time) nor overwrites what the other worker finished.
// Nothing accepted is lost, nothing stays unfinished, and only what it had in flight runs twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store.ts';
import { type Cluster, startCluster } from '../../helpers/cluster.ts';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { blast, createWorkflow, forwardWorkflow, openSharedStore, waitUntilAllFinished } from './scale-out-fixtures.ts';

const CONCURRENCY = 8;
const ENV = {
  SSRF_ALLOW: '127.0.0.1',
  LEASE_MS: '1500',
  SWEEP_INTERVAL_MS: '200',
  WORKER_CONCURRENCY: String(CONCURRENCY),
};
const COUNT = 300;

describe.skipIf(!redisAvailable({ ownServer: true }))('a worker frozen past its lease', () => {
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

  it('loses nothing, leaves nothing stuck, and redoes only what it had in flight', async () => {
    cluster = await startCluster({ workers: 2, redisUrl: redis.url, redisPrefix: redis.prefix, env: ENV });
    store = openSharedStore(cluster.dataDir);
    // Each delivery takes a little while, so both workers always have executions in flight.
    sink.reply = () => ({ status: 200, body: { ok: true }, delayMs: 20 });
    const url = await createWorkflow(cluster, forwardWorkflow('freeze', sink.url));
    const sending = blast(url, COUNT, 16);
    await sink.waitFor(30, 30_000);

    const frozen = cluster.workers[0];
    frozen.child.kill('SIGSTOP');
    // Several leases and ~25 sweep intervals pass while it sleeps.
    await new Promise((r) => setTimeout(r, 5000));
    frozen.child.kill('SIGCONT');

    const ids = await sending;
    const all = await waitUntilAllFinished(store, COUNT, 90_000).catch((err) => {
      throw new Error(`${err.message}\n${cluster?.logs()}`);
    });
    expect(all.filter((e) => e.status !== 'succeeded').map((e) => [e.id, e.status, e.error])).toEqual([]);
    // Every accepted execution was delivered...
    const delivered = new Map<string, number>();
    for (const r of sink.requests) {
      const id = (JSON.parse(r.body) as { executionId: string }).executionId;
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
    }
    expect(ids.filter((id) => !delivered.has(id))).toEqual([]);
    // ...and at most what the frozen worker had in flight ran a second time.
    const twice = [...delivered.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(CONCURRENCY);
    // The woken worker is alive and well: it still takes work.
    expect(frozen.child.exitCode).toBe(null);
    const more = await blast(url, 20, 4, COUNT);
    await waitUntilAllFinished(store, COUNT + 20, 30_000);
    expect(more).toHaveLength(20);
  });
});

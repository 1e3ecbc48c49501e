// Sync-mode triggers when the api and the worker are different processes: the worker's
// result reaches the api over Redis and answers the caller; a slow execution gets 202.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/store.ts';
import type { Cluster } from '../../helpers/cluster.ts';
import { redisAvailable } from '../../helpers/redis.ts';
import type { Sink } from '../../helpers/sink.ts';
import { type ClusterRig, createWorkflow, startClusterRig, waitUntilAllFinished } from './scale-out-fixtures.ts';

describe.skipIf(!redisAvailable())('sync responses across processes', () => {
  let rig: ClusterRig;
  let cluster: Cluster;
  let sink: Sink;
  let store: Store;

  beforeAll(async () => {
    rig = await startClusterRig(1);
    ({ cluster, sink, store } = rig);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('answers the caller with the result computed by a worker process', async () => {
    const triggerUrl = await createWorkflow(cluster, {
      id: 'quote',
      name: 'Quote',
      trigger: { type: 'webhook', response: { mode: 'sync', timeout: '10s' } },
      steps: [{ id: 'price', type: 'transform', params: { expression: "{ 'total': trigger.body.qty * 3 }" } }],
      edges: [{ from: 'trigger', to: 'price' }],
    });
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(async (qty) => {
        const res = await fetch(triggerUrl, {
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
  });

  it('answers 202 with the execution id when the worker is slower than the timeout', async () => {
    sink.reply = () => ({ status: 200, body: { late: true }, delayMs: 1500 });
    const triggerUrl = await createWorkflow(cluster, {
      id: 'slow-quote',
      name: 'Slow quote',
      trigger: { type: 'webhook', response: { mode: 'sync', timeout: '300ms' } },
      steps: [{ id: 'ask', type: 'http.request', params: { method: 'POST', url: `${sink.url}/slow`, body: { a: 1 } } }],
      edges: [{ from: 'trigger', to: 'ask' }],
    });
    const t0 = Date.now();
    const res = await fetch(triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { executionId: string; status: string };
    expect(res.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(1400);
    expect(res.headers.get('location')).toBe(`/api/executions/${body.executionId}`);
    const [done] = (await waitUntilAllFinished(store, 6, 15_000)).filter((e) => e.id === body.executionId);
    expect(done.status).toBe('succeeded');
  });
});

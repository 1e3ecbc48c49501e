// Shared by the scale-out tests: a forwarding workflow, a webhook blaster and store checks.

import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { ExecutionRow, Store } from '../../../server/store/store.ts';
import { type Cluster, startCluster } from '../../helpers/cluster.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { TEST_ADMIN_API_KEY } from '../../helpers/start-hookflow.ts';

/** trigger → transform → POST to the sink, carrying the execution id and the payload's n. */
export function forwardWorkflow(id: string, sinkUrl: string) {
  return {
    id,
    name: `Forward ${id}`,
    trigger: { type: 'webhook', methods: ['POST'] },
    steps: [
      {
        id: 'shape',
        type: 'transform',
        params: { expression: "{ 'n': trigger.body.n, 'executionId': execution.id }" },
      },
      {
        id: 'forward',
        type: 'http.request',
        params: { method: 'POST', url: `${sinkUrl}/deliver`, body: '=steps.shape' },
      },
    ],
    edges: [
      { from: 'trigger', to: 'shape' },
      { from: 'shape', to: 'forward' },
    ],
  };
}

export async function createWorkflow(cluster: Cluster, doc: unknown): Promise<string> {
  const res = await fetch(`${cluster.url}/api/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_API_KEY}` },
    body: JSON.stringify(doc),
  });
  const body = (await res.json()) as { triggerUrl?: string };
  if (res.status !== 201 || !body.triggerUrl)
    throw new Error(`workflow not created: ${res.status} ${JSON.stringify(body)}`);
  return body.triggerUrl;
}

/** Posts `count` webhooks `{n}` with `parallel` in flight; returns the execution ids by n. */
export async function blast(triggerUrl: string, count: number, parallel = 32, from = 0): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(triggerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: from + i }),
      });
      const body = (await res.json()) as { executionId: string };
      if (res.status !== 202) throw new Error(`webhook ${i} answered ${res.status}: ${JSON.stringify(body)}`);
      ids[i] = body.executionId;
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return ids;
}

/** Opens the cluster's shared SQLite file from the test process, as a third reader. */
export function openSharedStore(dataDir: string): Store {
  return createSqliteStore({ dataDir });
}

/** Waits until nothing is queued, running or waiting; returns every execution. */
export async function waitUntilAllFinished(
  store: Store,
  expected: number,
  timeoutMs = 60_000,
): Promise<ExecutionRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const unfinished = await store.listUnfinished(10_000);
    if (unfinished.length === 0) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${unfinished.length} executions still unfinished, e.g. ${JSON.stringify(unfinished.slice(0, 3))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const all: ExecutionRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listExecutions({ limit: 1000, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (all.length !== expected) throw new Error(`expected ${expected} executions, found ${all.length}`);
  return all;
}

export type ClusterRig = { redis: TestRedis; sink: Sink; cluster: Cluster; store: Store; stop: () => Promise<void> };

/** A spawned redis-server, a sink, 1 api + `workers` worker processes, and the shared store. */
export async function startClusterRig(workers: number, env: Record<string, string> = {}): Promise<ClusterRig> {
  const redis = await startRedis();
  const sink = await startSink();
  const cluster = await startCluster({
    workers,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    env: { SSRF_ALLOW: '127.0.0.1', ...env },
  });
  const store = openSharedStore(cluster.dataDir);
  return {
    redis,
    sink,
    cluster,
    store,
    stop: async () => {
      await store.close();
      await cluster.stop();
      await sink.close();
      await redis.stop();
    },
  };
}

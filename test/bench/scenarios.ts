// The bench's building blocks, shared by the embedded and the scale-out runs: deploying a
// workflow through the API, waiting for the backlog to drain, and the end-to-end run.
import path from 'node:path';
import { cpuMs, type LoadResult, ROOT, rssMb, runLoad, startChild } from './processes.ts';

export const CONNECTIONS = 50;
export const BODY = JSON.stringify({
  id: 4242,
  email: 'jane@example.com',
  line_items: [
    { sku: 'A-1', price: 12.5, quantity: 2 },
    { sku: 'B-2', price: 3, quantity: 5 },
  ],
  note: 'x'.repeat(120),
});

const SHAPE = {
  id: 'shape',
  type: 'transform',
  params: { expression: "{ 'id': trigger.body.id, 'total': $sum(trigger.body.line_items.(price * quantity)) }" },
};

export const ingestWorkflow = (id = 'bench-ingest') => ({
  id,
  name: 'Bench ingest',
  trigger: { type: 'webhook' },
  steps: [SHAPE],
  edges: [{ from: 'trigger', to: 'shape' }],
});

/** `body` is the delivery's JSONata; the backlog bench adds `execution.id` to check exactly-once. */
export const e2eWorkflow = (sinkPort: number, id = 'bench-e2e', body = '=steps.shape') => ({
  id,
  name: 'Bench end-to-end',
  trigger: { type: 'webhook' },
  steps: [
    SHAPE,
    {
      id: 'send',
      type: 'http.request',
      params: { method: 'POST', url: `http://127.0.0.1:${sinkPort}/in`, body },
    },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
  ],
});

export type Api = { base: string; auth: Record<string, string> };

export async function deploy(api: Api, doc: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${api.base}/api/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...api.auth },
    body: JSON.stringify(doc),
  });
  if (res.status !== 201) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
  const { triggerUrl } = await res.json();
  return `${api.base}${new URL(triggerUrl).pathname}`;
}

/** Waits until nothing is queued or running, so one measurement does not pay for the last. */
export async function drain(api: Api, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      ['queued', 'running'].map(async (status) => {
        const res = await fetch(`${api.base}/api/executions?status=${status}&limit=1`, { headers: api.auth });
        return (await res.json()).items.length as number;
      }),
    );
    if (counts.every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error('executions did not drain');
    await new Promise((res) => setTimeout(res, 200));
  }
}

export const fmt = (r: LoadResult) =>
  `${Math.round(r.rps).toString().padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(4)} ms  (${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`;

export type EndToEnd = {
  executions: number;
  seconds: number;
  perSecond: number;
  /** Seconds between launching the load generator and its first request, not counted above. */
  launchSeconds: number;
  perSecondWithLaunch: number;
  ingest: LoadResult;
  peakRssMb: number;
  /** CPU (user + system) of the measured server processes per execution, from accept to delivery. */
  cpuMsPerExecution: number;
};

/**
 * The end-to-end rate, from the first webhook sent to the last delivery, as the floor's rate
 * is measured while load flows. The load generator's own start (a Node process compiling
 * TypeScript before it sends anything, the server idle meanwhile) is `launchSeconds`, not
 * counted; until 2026-11-30 it was.
 */
export function endToEndClock(t: { launchedAt: number; firstSentAt: number; lastDeliveredAt: number; count: number }) {
  const seconds = (t.lastDeliveredAt - t.firstSentAt) / 1000;
  return {
    seconds,
    perSecond: t.count / seconds,
    launchSeconds: (t.firstSentAt - t.launchedAt) / 1000,
    /** The rate as measured until 2026-11-30, printed beside the other so runs compare. */
    perSecondWithLaunch: (t.count * 1000) / (t.lastDeliveredAt - t.launchedAt),
  };
}

/**
 * Fires `count` webhooks as fast as 50 connections allow; the clock runs from the first
 * request to the sink's last delivery.
 */
export async function endToEnd(api: Api, count: number, pids: number[], id?: string): Promise<EndToEnd> {
  const sink = await startChild(
    [path.join(ROOT, 'test', 'bench', 'e2e-sink.ts'), String(count)],
    {},
    (m) => 'port' in m,
  );
  try {
    const url = await deploy(api, e2eWorkflow(sink.msg.port as number, id));
    let peakRssMb = 0;
    const watch = setInterval(() => {
      peakRssMb = Math.max(
        peakRssMb,
        pids.reduce((sum, pid) => sum + rssMb(pid), 0),
      );
    }, 100);
    const done = new Promise<{ done: number; lastAt: number }>((resolve) => {
      sink.child.stdout?.on('data', (c: Buffer) => {
        for (const line of c.toString().split('\n')) if (line.includes('"done"')) resolve(JSON.parse(line));
      });
    });
    const cpuBefore = pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const launched = Date.now();
    const ingest = await runLoad({ url, connections: CONNECTIONS, amount: count, body: BODY });
    const finished = await done;
    // The last delivery is sent before its execution is marked finished: wait for the store.
    await drain(api);
    const cpuMsPerExecution = (pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - cpuBefore) / count;
    clearInterval(watch);
    const clock = endToEndClock({
      launchedAt: launched,
      firstSentAt: ingest.startedAt,
      lastDeliveredAt: finished.lastAt,
      count,
    });
    return { executions: finished.done, ...clock, ingest, peakRssMb, cpuMsPerExecution };
  } finally {
    await sink.stop();
  }
}

const WARM_UP = 2000;

/**
 * The end-to-end run measured the way the floor and ingest are (bestOfPaired in
 * run-bench.ts): after a warm-up, the better of two runs. The warm-up (2,000 executions
 * through a workflow of its own) takes the first compilation of the outbound path and the
 * new workflow; the best of two, as for the floor, keeps one slow moment of a shared
 * machine, or code still warming up, from standing for the steady state. The warm-up's rate
 * and both runs' rates are returned beside it, so nothing is hidden.
 */
export async function warmedEndToEnd(
  api: Api,
  count: number,
  pids: number[],
): Promise<EndToEnd & { warmUpPerSecond: number; runsPerSecond: number[] }> {
  const warm = await endToEnd(api, Math.min(WARM_UP, count), pids, 'bench-e2e-warm-up');
  await drain(api);
  const first = await endToEnd(api, count, pids);
  await drain(api);
  const second = await endToEnd(api, count, pids, 'bench-e2e-2');
  await drain(api);
  const best = second.perSecond > first.perSecond ? second : first;
  return { ...best, warmUpPerSecond: warm.perSecond, runsPerSecond: [first.perSecond, second.perSecond] };
}

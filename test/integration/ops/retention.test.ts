// Retention keeps the newest N executions per workflow, prunes in the background in small
// batches, and does not slow ingress down while it works.
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

let hf: TestHookflow;
const agent = new Agent({ connections: 16 });
afterEach(async () => {
  await hf?.close();
});

const transformWorkflow = (id: string) => ({
  id,
  name: id,
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
});

async function post(url: string, n: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n }),
    // @ts-expect-error undici's dispatcher option is not in the DOM RequestInit type
    dispatcher: agent,
  });
  await res.arrayBuffer();
  if (res.status !== 202) throw new Error(`ingress answered ${res.status}`);
  return performance.now() - started;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function waitUntilFinished(h: TestHookflow, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await h.store.listUnfinished(1)).length > 0) {
    if (Date.now() > deadline) throw new Error('executions still unfinished');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sequential requests (one client, as a webhook sender does) until `until()` or `max` reached. */
async function measure(url: string, opts: { min: number; max: number; until?: () => boolean; onServed?: () => void }) {
  const latencies: number[] = [];
  while (latencies.length < opts.max && (latencies.length < opts.min || !(opts.until?.() ?? true))) {
    latencies.push(await post(url, latencies.length));
    opts.onServed?.();
  }
  return latencies;
}

describe('retention', () => {
  it('keeps the newest 100 of 1,000 executions, pruning without slowing ingress', async () => {
    hf = await startHookflow({
      EXECUTION_RETENTION_PER_WORKFLOW: '100',
      EXECUTION_RETENTION_DAYS: '0',
      RETENTION_BATCH_SIZE: '25',
      RETENTION_INTERVAL_MS: '86400000',
    });
    const bulk = await hf.api('/api/workflows', { body: transformWorkflow('bulk') });
    const probe = await hf.api('/api/workflows', { body: transformWorkflow('probe') });
    expect([bulk.status, probe.status]).toEqual([201, 201]);

    // 1,000 executions of one workflow, ten senders at a time.
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 1000) await post(bulk.body.triggerUrl, next++);
      }),
    );
    await waitUntilFinished(hf);
    const all = await hf.store.listExecutions({ workflowId: 'bulk', limit: 1000 });
    expect(all.items).toHaveLength(1000);
    const newest = all.items.slice(0, 100).map((e) => e.id);

    // Idle ingress latency (after a warm-up), then the same load while pruning runs. Every
    // response and every prune batch goes into one timeline, so the test can see whether
    // ingress was served between the batches, which is what "without slowing ingress"
    // rests on. Retention calls the store it was given at the moment of each batch, so
    // wrapping the method here observes the real store's real batches.
    await measure(probe.body.triggerUrl, { min: 100, max: 100 });
    const idle = await measure(probe.body.triggerUrl, { min: 300, max: 300 });
    const timeline: ('batch' | 'served')[] = [];
    const batchLimits: number[] = [];
    const realPrune = hf.store.pruneExecutions.bind(hf.store);
    hf.store.pruneExecutions = (opts) => {
      timeline.push('batch');
      batchLimits.push(opts.limit);
      return realPrune(opts);
    };
    let pruning = true;
    const pruned = hf.retention!.runOnce().finally(() => {
      pruning = false;
    });
    const during = await measure(probe.body.triggerUrl, {
      min: 1,
      max: 5000,
      until: () => !pruning,
      onServed: () => timeline.push('served'),
    });
    const removed = await pruned;

    const kept = await hf.store.listExecutions({ workflowId: 'bulk', limit: 1000 });
    expect(kept.items.map((e) => e.id)).toEqual(newest);
    expect(removed).toBeGreaterThanOrEqual(900);
    for (const e of all.items.slice(100, 110)) {
      expect(await hf.store.getExecution(e.id)).toBeNull();
      expect(await hf.store.listStepRecords(e.id)).toEqual([]);
    }
    expect((await hf.store.listStepRecords(newest[0])).map((s) => s.stepId)).toEqual(['shape']);

    // Pruning went in batches of RETENTION_BATCH_SIZE, each a store call of its own...
    expect(batchLimits.every((limit) => limit === 25)).toBe(true);
    expect(batchLimits.length).toBeGreaterThanOrEqual(Math.ceil(removed / 25));
    // ...and ingress was served between them rather than after them: webhooks answered
    // while later batches were still to come. A prune that held the store (or the event
    // loop) for its whole run would leave none here. The bound is about order, not speed:
    // a slower machine stretches the batches and the requests alike.
    const firstBatch = timeline.indexOf('batch');
    const lastBatch = timeline.lastIndexOf('batch');
    const servedBetween = timeline.slice(firstBatch, lastBatch).filter((e) => e === 'served').length;
    expect(servedBetween).toBeGreaterThanOrEqual(10);

    // Latency is logged, not asserted: under a parallel test run the percentiles of a few
    // hundred requests measure the neighbouring test files (CI once: idle p99 17 ms, during
    // 75 ms; alone 8-9 ms for both; and a median ratio of 2.998 against 2 x 1.463 ms failed a
    // CI run). Latency budgets live in `npm run bench`.
    const figures = {
      idle: { n: idle.length, p50: percentile(idle, 50), p99: percentile(idle, 99) },
      pruning: { n: during.length, p50: percentile(during, 50), p99: percentile(during, 99) },
    };
    console.log(
      `ingress latency (ms) idle p50 ${figures.idle.p50.toFixed(2)} p99 ${figures.idle.p99.toFixed(2)} (n=${figures.idle.n}); ` +
        `during pruning p50 ${figures.pruning.p50.toFixed(2)} p99 ${figures.pruning.p99.toFixed(2)} (n=${figures.pruning.n}); ` +
        `pruned ${removed} in ${batchLimits.length} batches, ${servedBetween} webhooks answered between them`,
    );
  });

  it('prunes by age and never touches unfinished executions', async () => {
    hf = await startHookflow({
      EXECUTION_RETENTION_DAYS: '1',
      EXECUTION_RETENTION_PER_WORKFLOW: '0',
      RETENTION_INTERVAL_MS: '86400000',
    });
    const now = Date.now();
    const old = now - 2 * 86_400_000;
    const trigger = {
      method: 'POST',
      path: '/',
      headers: {},
      query: {},
      body: null,
      receivedAt: new Date(old).toISOString(),
    };
    const { ulid } = await import('../../../server/lib/ids.ts');
    const [oldDone, oldQueued, fresh] = [ulid(old), ulid(old + 1), ulid(now)];
    for (const [id, at] of [
      [oldDone, old],
      [oldQueued, old + 1],
      [fresh, now],
    ] as const) {
      await hf.store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: at });
    }
    await hf.store.claimExecution(oldDone, 'me', 60_000, now + 120_000);
    await hf.store.finishExecution(oldDone, 'me', { status: 'succeeded' });
    await hf.store.claimExecution(fresh, 'me', 60_000, now + 120_000);
    await hf.store.finishExecution(fresh, 'me', { status: 'succeeded' });
    expect(await hf.retention!.runOnce()).toBe(1);
    expect(await hf.store.getExecution(oldDone)).toBeNull();
    expect((await hf.store.getExecution(oldQueued))?.status).toBe('queued');
    expect((await hf.store.getExecution(fresh))?.status).toBe('succeeded');
  });
});

// Waiting holds no worker slot: with WORKER_CONCURRENCY=1, other executions run to the end
// while a 2 s delay, or a 1,000-item forEach with parked iterations, waits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, step, trigger } from '../nodes/flow-helpers.ts';

async function waitForStatus(hf: TestHookflow, id: string, status: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await hf.api(`/api/executions/${id}`);
    if (body.status === status) return body;
    if (Date.now() > deadline) throw new Error(`execution ${id} is ${body.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('waiting holds no worker slot', () => {
  let hf: TestHookflow;
  let echo: http.Server;
  let echoUrl = '';
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  let quickUrl = '';
  beforeAll(async () => {
    hf = await startHookflow({ WORKER_CONCURRENCY: '1' });
    echo = http.createServer((req, res) => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () =>
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        }, 2),
      );
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    quickUrl = await createWorkflow(hf, {
      id: 'quick',
      steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
      edges: [{ from: 'trigger', to: 'shape' }],
    });
  });
  afterAll(async () => {
    await hf.close();
    await new Promise((r) => echo.close(r));
  });

  const runQuickOnesWhileWaiting = async (waitingId: string) => {
    await waitForStatus(hf, waitingId, 'waiting');
    const ids = await Promise.all([1, 2, 3, 4, 5].map((n) => trigger(quickUrl, { n })));
    const quick = await Promise.all(ids.map((id) => waitForExecution(hf, id)));
    const waiting = (await hf.api(`/api/executions/${waitingId}`)).body;
    expect(quick.every((q) => q.status === 'succeeded')).toBe(true);
    expect(waiting.status).not.toBe('succeeded'); // still parked while the others ran
    return quick;
  };

  it('a 2 s delay parks the execution; five others finish meanwhile on the single worker slot', async () => {
    const url = await createWorkflow(hf, {
      id: 'slow',
      steps: [
        { id: 'wait', type: 'delay', params: { duration: '2s' } },
        { id: 'after', type: 'transform', params: { expression: '"done"' } },
      ],
      edges: [
        { from: 'trigger', to: 'wait' },
        { from: 'wait', to: 'after' },
      ],
    });
    const slowId = await trigger(url, {});
    const quick = await runQuickOnesWhileWaiting(slowId);
    const slow = await waitForExecution(hf, slowId, 10_000);
    expect(slow.status).toBe('succeeded');
    expect(slow.result).toBe('done');
    expect(slow.durationMs).toBeGreaterThanOrEqual(2000);
    for (const q of quick) expect(Date.parse(q.finishedAt)).toBeLessThan(Date.parse(slow.finishedAt));
  });

  it('forEach over 1,000 items with concurrency 10: ≤ 10 calls in flight, results in order, others run while it waits', async () => {
    const url = await createWorkflow(hf, {
      id: 'loop-1000',
      steps: [
        { id: 'loop', type: 'forEach', params: { items: '=[0..999]', concurrency: 10 } },
        // The last iteration parks for 1.5 s: by then the others are done, so the loop must
        // suspend the execution (whatever the machine's speed) and the slot goes to others.
        { id: 'pause', type: 'delay', params: { duration: '=index = 999 ? "1500ms" : "0ms"' } },
        {
          id: 'call',
          type: 'http.request',
          params: { method: 'POST', url: echoUrl, body: '={ "i": item, "index": index }' },
        },
        { id: 'count', type: 'transform', params: { expression: '$count(steps.loop)' } },
      ],
      edges: [
        { from: 'trigger', to: 'loop' },
        { from: 'loop', to: 'pause', branch: 'each' },
        { from: 'pause', to: 'call' },
        { from: 'loop', to: 'count', branch: 'done' },
      ],
    });
    calls = 0;
    maxInFlight = 0;
    const started = Date.now();
    const loopId = await trigger(url, {});
    await runQuickOnesWhileWaiting(loopId);
    const loop = await waitForExecution(hf, loopId, 60_000);
    const elapsed = Date.now() - started;
    expect(loop.status).toBe('succeeded');
    expect(loop.result).toBe(1000);
    expect(calls).toBe(1000);
    expect(maxInFlight).toBeLessThanOrEqual(10);
    expect(maxInFlight).toBeGreaterThan(1);
    const results = step(loop, 'loop').output as { body: { i: number; index: number } }[];
    expect(results.map((r) => r.body.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(step(loop, 'loop[999].call').output.body).toEqual({ i: 999, index: 999 });
    expect(step(loop, 'loop[999].pause').output.waitedUntil).toBeDefined();
    console.log(`forEach 1000 × (delay + http) at concurrency 10: ${elapsed} ms`);
  }, 60_000);
});

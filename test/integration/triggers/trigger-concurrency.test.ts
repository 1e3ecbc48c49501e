// settings.maxConcurrency: excess executions wait in the queue and all run, never more than
// the limit at once. A sink on loopback measures how many steps are in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('per-workflow max concurrency', () => {
  let hf: TestHookflow;
  let sink: Sink;
  let inFlight = 0;
  let peak = 0;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
    sink.reply = () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => inFlight--, 120);
      return { status: 200, body: { ok: true }, delayMs: 100 };
    };
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });

  it('runs at most maxConcurrency executions at once; the rest wait and all succeed', async () => {
    const doc = workflowDoc('limited', {}, { settings: { maxConcurrency: 2 } });
    doc.steps = [
      { id: 'echo', type: 'http.request', params: { method: 'POST', url: `${sink.url}/work`, body: '=trigger.body' } },
    ];
    const { url } = await createWorkflow(hf, doc);
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => post(url, JSON.stringify({ i }))));
    for (const r of replies) expect(r.status).toBe(202);
    for (const r of replies) expect((await waitForExecution(hf, r.body.executionId)).status).toBe('succeeded');
    expect(sink.requests).toHaveLength(6);
    expect(peak).toBe(2);
  });
});

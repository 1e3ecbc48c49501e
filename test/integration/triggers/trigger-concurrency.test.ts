// settings.maxConcurrency: excess executions wait in the queue and all run, never more than
// the limit at once, measured from the checkpointed step times of the outbound call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('per-workflow max concurrency', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
    sink.reply = () => ({ status: 200, body: { ok: true }, delayMs: 100 });
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
    const intervals: [number, number][] = [];
    for (const r of replies) {
      const exec = await waitForExecution(hf, r.body.executionId);
      expect(exec.status).toBe('succeeded');
      const step = exec.steps.find((s: { stepId: string }) => s.stepId === 'echo');
      intervals.push([Date.parse(step.startedAt), Date.parse(step.finishedAt)]);
    }
    expect(sink.requests).toHaveLength(6);
    const overlapAt = (t: number) => intervals.filter(([s, e]) => s <= t && t < e).length;
    const peak = Math.max(...intervals.map(([s]) => overlapAt(s)));
    expect(peak).toBe(2);
  });
});

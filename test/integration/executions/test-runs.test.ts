// Test without going live (issue 13): the editor's document — unsaved, inactive — runs on a
// pasted payload, a captured sample or an earlier run's input as a real run kept apart from
// production (marked, listed apart, no onError workflow); "Run this step" reuses the earlier
// run's outputs; bad requests get a clear 400 and start nothing; viewers may not run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const doc = (sinkUrl: string, over: Record<string, unknown> = {}) => ({
  id: 'draft',
  name: 'Draft',
  active: false,
  trigger: { type: 'webhook' },
  settings: { onError: 'catcher' },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: '{ "total": trigger.body.price * trigger.body.qty }' } },
    {
      id: 'send',
      type: 'http.request',
      params: { url: `${sinkUrl}/orders`, method: 'POST', body: '=steps.shape' },
    },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'send' },
  ],
  ...over,
});

describe('test runs', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
    const catcher = {
      id: 'catcher',
      name: 'Catcher',
      trigger: { type: 'webhook' },
      steps: [{ id: 'note', type: 'transform', params: { expression: '1' } }],
      edges: [{ from: 'trigger', to: 'note' }],
    };
    expect((await hf.api('/api/workflows', { body: catcher })).status).toBe(201);
    expect((await hf.api('/api/workflows', { body: doc(sink.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await hf?.close();
    await sink?.close();
  });

  it('runs the unsaved document on a pasted payload while the workflow stays inactive', async () => {
    // The editor's copy differs from the saved v1: the run must use what was sent.
    const unsaved = doc(sink.url, {
      steps: [
        {
          id: 'shape',
          type: 'transform',
          params: { expression: '{ "total": trigger.body.price * trigger.body.qty, "draft": true }' },
        },
        {
          id: 'send',
          type: 'http.request',
          params: { url: `${sink.url}/orders`, method: 'POST', body: '=steps.shape' },
        },
      ],
    });
    const r = await hf.api('/api/workflows/draft/test-run', {
      body: { document: unsaved, input: { body: { price: 5, qty: 3 } } },
    });
    expect(r.status).toBe(202);
    expect(r.body.testRun).toBe(true);
    const run = await waitForExecution(hf, r.body.executionId);
    expect(run).toMatchObject({ status: 'succeeded', testRun: true, workflowVersion: 1 });
    expect(run.document.steps[0].params.expression).toContain('draft');
    const [req] = await sink.waitFor(1);
    expect(req.json).toEqual({ total: 15, draft: true });
    const wf = await hf.api('/api/workflows/draft');
    expect(wf.body).toMatchObject({ active: false, version: 1 });
    expect((await hf.api('/api/executions?kind=test')).body.items.map((e: { id: string }) => e.id)).toEqual([
      r.body.executionId,
    ]);
    expect((await hf.api('/api/executions?kind=production')).body.items).toEqual([]);
  });

  it('a failing test run starts no onError workflow, and Run this step replays one step on the last run', async () => {
    sink.reply = () => ({ status: 422, body: { error: 'bad order' } });
    const failed = await hf.api('/api/workflows/draft/test-run', { body: { input: { body: { price: 2, qty: 2 } } } });
    const run = await waitForExecution(hf, failed.body.executionId);
    expect(run.status).toBe('failed');
    expect(run.error.stepId).toBe('send');
    await new Promise((r) => setTimeout(r, 300));
    expect((await hf.api('/api/executions?workflowId=catcher')).body.items).toEqual([]);

    sink.reply = () => ({ status: 200, body: { ok: true } });
    const before = sink.requests.length;
    // Fix the step (a new URL path) and run only it, on the outputs of the failed run.
    const fixed = doc(sink.url);
    (fixed.steps[1].params as Record<string, unknown>).url = `${sink.url}/orders-v2`;
    const step = await hf.api('/api/workflows/draft/test-run', {
      body: { document: fixed, fromExecution: failed.body.executionId, stepId: 'send' },
    });
    expect(step.status).toBe(202);
    const stepRun = await waitForExecution(hf, step.body.executionId);
    expect(stepRun.status).toBe('succeeded');
    const shape = stepRun.steps.find((s: { stepId: string }) => s.stepId === 'shape');
    // `shape` was not run again: its record is the earlier run's (same start time).
    expect(shape.startedAt).toBe(run.steps.find((s: { stepId: string }) => s.stepId === 'shape').startedAt);
    const reqs = await sink.waitFor(before + 1);
    expect(reqs[before].url).toBe('/orders-v2');
    expect(reqs[before].json).toEqual({ total: 4 });
  });

  it('refuses bad test-run requests with a clear 400 and runs nothing', async () => {
    const count = async () => (await hf.api('/api/executions?kind=test&limit=500')).body.items.length;
    const n = await count();
    const bad: unknown[] = [
      [],
      {},
      { input: { body: 1 }, sampleId: 'x' },
      { input: { body: 1 }, extra: true },
      { input: { method: 'FETCH' } },
      { input: { headers: { a: 1 } } },
      { input: 'body' },
      { input: { body: 1 }, stepId: 'send' },
      { document: { ...doc(sink.url), steps: [{ id: 'x', type: 'no.such.node' }] }, input: { body: 1 } },
      { document: { ...doc(sink.url), id: 'other' }, input: { body: 1 } },
    ];
    for (const body of bad) {
      const r = await hf.api('/api/workflows/draft/test-run', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.details.length).toBeGreaterThan(0);
    }
    expect((await hf.api('/api/workflows/draft/test-run', { body: { sampleId: 'nope' } })).status).toBe(404);
    expect((await hf.api('/api/workflows/ghost/test-run', { body: { input: {} } })).status).toBe(404);
    expect(await count()).toBe(n);
  });
});

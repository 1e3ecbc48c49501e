import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, runWorkflow, step, trigger } from '../nodes/flow-helpers.ts';

describe('retries and error paths', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    sink = await startSink();
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });
  const call = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'http.request',
    params: { method: 'POST', url: `${sink.url}${path}`, body: { n: 1 } },
    ...extra,
  });

  it('retries a 5xx per the step’s policy, with the same Idempotency-Key, until it succeeds', async () => {
    sink.requests.length = 0;
    sink.reply = (_r, i) => (i < 2 ? { status: 500, body: 'oops' } : { status: 200, body: { ok: 1 } });
    const exec = await runWorkflow(hf, {
      id: 'retry-5xx',
      steps: [call('c', '/r', { retry: { attempts: 3, backoff: 'fixed', delay: '50ms' } })],
      edges: [{ from: 'trigger', to: 'c' }],
    });
    expect(exec.status).toBe('succeeded');
    expect(sink.requests).toHaveLength(3);
    expect(new Set(sink.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${exec.id}:c`]));
    expect(step(exec, 'c').attempt).toBe(3);
  });

  it('does not retry a 4xx (non-retryable), and gives up after the last attempt of a 5xx', async () => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 404, body: { message: 'no such order' } });
    const notFound = await runWorkflow(hf, {
      id: 'retry-404',
      steps: [call('c', '/x', { retry: { attempts: 5, delay: '10ms' } })],
      edges: [{ from: 'trigger', to: 'c' }],
    });
    expect(notFound.status).toBe('failed');
    expect(notFound.error).toMatchObject({ stepId: 'c', code: 'http_404' });
    expect(sink.requests).toHaveLength(1);

    sink.requests.length = 0;
    sink.reply = () => ({ status: 502, body: 'bad gateway' });
    const exhausted = await runWorkflow(hf, {
      id: 'retry-exhausted',
      steps: [call('c', '/y', { retry: { attempts: 3, backoff: 'exponential', delay: '20ms' } })],
      edges: [{ from: 'trigger', to: 'c' }],
    });
    expect(exhausted.status).toBe('failed');
    expect(exhausted.error.code).toBe('http_502');
    expect(sink.requests).toHaveLength(3);
  });

  it('a step timeout fails the attempt (and is retried like any transient failure)', async () => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 200, delayMs: 1500 });
    const exec = await runWorkflow(hf, {
      id: 'timeout',
      steps: [call('c', '/slow', { timeout: '200ms', retry: { attempts: 2, delay: '10ms' } })],
      edges: [{ from: 'trigger', to: 'c' }],
    });
    expect(exec.status).toBe('failed');
    expect(step(exec, 'c')).toMatchObject({ attempt: 2, error: { code: 'step_timeout' } });
    expect(sink.requests).toHaveLength(2);
  });

  it('an error edge runs after the final failure with steps.<id>.error in context', async () => {
    sink.reply = () => ({ status: 400, body: { message: 'invalid sku' } });
    const exec = await runWorkflow(hf, {
      id: 'error-edge',
      steps: [
        call('c', '/bad'),
        { id: 'next', type: 'transform', params: { expression: '"not reached"' } },
        {
          id: 'handle',
          type: 'transform',
          params: { expression: '{ "code": steps.c.error.code, "msg": steps.c.error.message }' },
        },
      ],
      edges: [
        { from: 'trigger', to: 'c' },
        { from: 'c', to: 'next' },
        { from: 'c', to: 'handle', branch: 'error' },
      ],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'next').status).toBe('skipped');
    expect(exec.result).toMatchObject({ code: 'http_400', msg: expect.stringContaining('invalid sku') });
  });

  it('settings.onError runs the chosen workflow with the failed execution’s summary', async () => {
    await createWorkflow(hf, {
      id: 'alerts',
      steps: [
        {
          id: 'summary',
          type: 'transform',
          params: {
            expression:
              '{ "failed": trigger.body.execution.id, "why": trigger.body.error.message, "step": trigger.body.error.stepId }',
          },
        },
      ],
      edges: [{ from: 'trigger', to: 'summary' }],
    });
    const failed = await runWorkflow(hf, {
      id: 'fragile',
      settings: { onError: 'alerts' },
      steps: [{ id: 'boom', type: 'fail', params: { message: 'payment missing' } }],
      edges: [{ from: 'trigger', to: 'boom' }],
    });
    expect(failed.status).toBe('failed');
    let alert: any = null;
    const deadline = Date.now() + 5000;
    while (!alert && Date.now() < deadline) {
      alert = (await hf.api('/api/executions?workflowId=alerts')).body.items[0] ?? null;
      if (!alert) await new Promise((r) => setTimeout(r, 20));
    }
    const done = await waitForExecution(hf, alert.id);
    expect(done.trigger.method).toBe('ERROR');
    expect(done.result).toEqual({ failed: failed.id, why: 'payment missing', step: 'boom' });
  });

  it('replay starts a new execution with the same input; retry continues the failed one from its failed step', async () => {
    sink.requests.length = 0;
    sink.reply = () => ({ status: 503, body: 'down' });
    const url = await createWorkflow(hf, {
      id: 'rerun',
      steps: [
        { id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n, "at": $millis() }' } },
        { id: 'loop', type: 'forEach', params: { items: '=[1,2,3]' } },
        call('c', '/flaky', { params: { method: 'POST', url: `${sink.url}/flaky`, body: '={ "item": item }' } }),
        { id: 'last', type: 'transform', params: { expression: 'steps.loop' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'loop' },
        { from: 'loop', to: 'c', branch: 'each' },
        { from: 'loop', to: 'last', branch: 'done' },
      ],
    });
    sink.reply = (r) =>
      (r.json as { item: number }).item === 2
        ? { status: 422, body: 'rejected' }
        : { status: 200, body: { got: (r.json as { item: number }).item } };
    const first = await waitForExecution(hf, await trigger(url, { n: 5 }));
    expect(first.status).toBe('failed');
    expect(first.error).toMatchObject({
      stepId: 'loop',
      message: expect.stringContaining('iteration 1 failed at step "c"'),
    });

    const early = await hf.api(`/api/executions/${first.id}/retry`, { method: 'POST' });
    expect(early.status).toBe(202);
    // Still failing: the remote still rejects item 2.
    const stillFailed = await waitForExecution(hf, first.id);
    expect(stillFailed.status).toBe('failed');

    sink.reply = (r) => ({ status: 200, body: { got: (r.json as { item: number }).item } });
    const callsBefore = sink.requests.length;
    const retried = await hf.api(`/api/executions/${first.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ executionId: first.id, status: 'queued' });
    const after = await waitForExecution(hf, first.id);
    expect(after.status).toBe('succeeded');
    expect(after.result).toEqual([
      { status: 200, headers: expect.any(Object), body: { got: 1 } },
      expect.objectContaining({ body: { got: 2 } }),
      expect.objectContaining({ body: { got: 3 } }),
    ]);
    // Iteration 0 was kept; the failed one ran again, then the one the failure had stopped.
    expect(sink.requests.slice(callsBefore).map((r) => r.json)).toEqual([{ item: 2 }, { item: 3 }]);
    expect(step(after, 'shape').output).toEqual(step(first, 'shape').output);

    const again = await hf.api(`/api/executions/${first.id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_failed');

    const replay = await hf.api(`/api/executions/${first.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('location')).toBe(`/api/executions/${replay.body.executionId}`);
    const replayed = await waitForExecution(hf, replay.body.executionId);
    expect(replayed.id).not.toBe(first.id);
    expect(replayed.trigger.body).toEqual({ n: 5 });
    expect(replayed.status).toBe('succeeded');

    const before = (await hf.api('/api/executions?limit=500')).body.items.length;
    for (const action of ['replay', 'retry']) {
      const missing = await hf.api(`/api/executions/01HZZZZZZZZZZZZZZZZZZZZZZZ/${action}`, { method: 'POST' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
    expect((await hf.api('/api/executions?limit=500')).body.items.length).toBe(before);
  });
});

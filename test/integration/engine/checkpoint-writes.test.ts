// When step records reach the store (run-env.ts `settleRecord`): a side-effecting step's
// record is committed before anything else runs, in series and beside a parallel branch
// still in flight, so a crash never repeats a finished side effect; a side-effect-free
// step's record waits for the next write, and the last step's rides with the finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { until } from '../../helpers/until.ts';
import { createWorkflow, trigger } from '../nodes/flow-helpers.ts';

describe('checkpoint writes', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
    // The slow endpoint answers only when the test says so.
    sink.reply = (r) => (r.url === '/slow' ? { status: 200, body: { slow: true }, delayMs: 60_000 } : { status: 200 });
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });

  const call = (id: string, path: string) => ({
    id,
    type: 'http.request',
    params: { method: 'POST', url: `${sink.url}${path}`, body: {} },
    timeout: '2s',
    retry: { attempts: 1 },
  });
  const keys = async (id: string) => (await hf.store.listStepRecords(id)).map((r) => `${r.key}:${r.status}`).sort();
  const slowArrived = (n: number) => () => sink.requests.filter((r) => r.url === '/slow').length >= n;

  it("commits a side-effecting step's record before the next step starts", async () => {
    const url = await createWorkflow(hf, {
      id: 'series',
      steps: [call('a', '/quick'), call('b', '/slow')],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'a', to: 'b' },
      ],
    });
    const before = sink.requests.filter((r) => r.url === '/slow').length;
    const id = await trigger(url, {});
    await until('the slow call', slowArrived(before + 1));
    expect(await keys(id)).toEqual(['a:succeeded']);
    // b times out (2 s) and fails the execution: its record is written with the finish.
    const done = await waitForExecution(hf, id);
    expect(done.status).toBe('failed');
    expect(await keys(id)).toEqual(['a:succeeded', 'b:failed']);
  });

  it("commits a side-effecting step's record while a parallel branch is still in flight", async () => {
    const url = await createWorkflow(hf, {
      id: 'parallel',
      steps: [call('a', '/quick'), call('b', '/slow')],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'trigger', to: 'b' },
      ],
    });
    const before = sink.requests.filter((r) => r.url === '/slow').length;
    const id = await trigger(url, {});
    await until('the slow call', slowArrived(before + 1));
    // a answered at once; b has 2 s left. a's record must be durable well before b ends.
    await until("a's record", async () => (await keys(id)).includes('a:succeeded'), 1500);
    expect((await hf.store.getExecution(id))?.status).toBe('running');
    expect((await waitForExecution(hf, id)).status).toBe('failed');
  });

  it('holds a side-effect-free step’s record for the next write, and writes the last with the finish', async () => {
    const url = await createWorkflow(hf, {
      id: 'pure-first',
      steps: [
        { id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n * 2 }' } },
        { ...call('b', '/slow'), params: { method: 'POST', url: `${sink.url}/slow`, body: '=steps.shape' } },
        { id: 'last', type: 'transform', params: { expression: '{ "shaped": steps.shape.n }' } },
      ],
      edges: [
        { from: 'trigger', to: 'shape' },
        { from: 'shape', to: 'b' },
        { from: 'b', to: 'last', branch: 'error' },
      ],
    });
    const before = sink.requests.filter((r) => r.url === '/slow').length;
    const id = await trigger(url, { n: 21 });
    await until('the slow call', slowArrived(before + 1));
    // Running shape again after a crash changes nothing outside: nothing written yet.
    expect(sink.requests.at(-1)?.json).toEqual({ n: 42 });
    expect(await keys(id)).toEqual([]);
    // b fails (timeout) into its error edge: b is written before `last` runs, `last` with the finish.
    const done = await waitForExecution(hf, id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ shaped: 42 });
    expect(await keys(id)).toEqual(['b:failed', 'last:succeeded', 'shape:succeeded']);
  });
});

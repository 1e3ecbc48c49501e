// Stopping the runtime with a step in flight and a sync caller waiting: the caller gets its
// 202 (the execution is committed and finishes after the restart), the step finishes, the
// execution goes back to the store as `queued` — not claimed again in a loop — and the stop
// ends as soon as that is done instead of waiting out its grace period.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow } from '../../helpers/start-hookflow.ts';

let sink: Sink | undefined;
const cleanups: (() => void)[] = [];
afterAll(async () => {
  await sink?.close();
  for (const c of cleanups.splice(0)) c();
});

describe('stopping with work in flight', () => {
  it('answers the sync caller 202, hands the execution back as queued, and stops promptly', async () => {
    sink = await startSink();
    sink.reply = (r) => (r.url === '/slow' ? { status: 200, delayMs: 600 } : { status: 200 });
    const hf = await startHookflow();
    const dataDir = hf.dataDir;
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const res = await hf.api('/api/workflows', {
      body: {
        id: 'sync-slow',
        name: 'sync-slow',
        trigger: { type: 'webhook', methods: ['POST'], response: { mode: 'sync', timeout: '30s' } },
        steps: [
          { id: 'a', type: 'http.request', params: { method: 'POST', url: `${sink.url}/slow`, body: {} } },
          { id: 'b', type: 'http.request', params: { method: 'POST', url: `${sink.url}/after`, body: {} } },
        ],
        edges: [
          { from: 'trigger', to: 'a' },
          { from: 'a', to: 'b' },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const reply = fetch(res.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await sink.waitFor(1);

    const started = Date.now();
    const stopped = hf.stop(8000);
    const answer = await reply;
    expect(answer.status).toBe(202);
    const { executionId } = (await answer.json()) as { executionId: string };
    await stopped;
    // Step `a` (600 ms) had to finish; nothing else should hold the stop up.
    expect(Date.now() - started).toBeLessThan(4000);

    const store = createSqliteStore({ dataDir });
    cleanups.unshift(() => void store.close());
    const exec = await store.getExecution(executionId);
    expect(exec).toMatchObject({ status: 'queued', leaseOwner: null });
    const steps = await store.listStepRecords(executionId);
    expect(steps.map((s) => [s.key, s.status])).toEqual([['a', 'succeeded']]);
    expect(sink.requests.map((r) => r.url)).toEqual(['/slow']);
  });
});

// The kill test: SIGKILL the process with executions queued and mid-run, restart it on the
// same DATA_DIR, and check that everything accepted finishes, and that no step that had
// finished before the kill runs again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { type HookflowProcess, spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const TOTAL = 40;

describe('crash recovery (SIGKILL)', () => {
  let sink: Sink;
  const tmp = tempDir();
  const workflows = tempDir('hookflow-wf-');
  let proc: HookflowProcess | null = null;

  beforeAll(async () => {
    sink = await startSink();
    sink.reply = (req) =>
      req.url === '/slow' ? { status: 200, body: { slow: true }, delayMs: 300 } : { status: 200, body: { ok: 1 } };
  });
  afterAll(async () => {
    await proc?.kill();
    await sink.close();
    tmp.cleanup();
    workflows.cleanup();
  });

  it('finishes every accepted execution after a restart without repeating finished steps', async () => {
    const env = {
      DATA_DIR: tmp.dir,
      WORKFLOWS_DIR: workflows.dir,
      WORKER_CONCURRENCY: '4',
      SSRF_ALLOW: '127.0.0.1',
    };
    proc = await spawnHookflow(env);
    const create = await fetch(`${proc.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'crashy',
        name: 'Crashy',
        trigger: { type: 'webhook' },
        steps: [
          {
            id: 'first',
            type: 'http.request',
            params: { method: 'POST', url: `${sink.url}/first`, body: '=trigger.body' },
          },
          {
            id: 'second',
            type: 'http.request',
            params: { method: 'POST', url: `${sink.url}/slow`, body: '=trigger.body' },
          },
          {
            id: 'third',
            type: 'transform',
            params: { expression: '{ "n": trigger.body.n, "slow": steps.second.body.slow }' },
          },
        ],
        edges: [
          { from: 'trigger', to: 'first' },
          { from: 'first', to: 'second' },
          { from: 'second', to: 'third' },
        ],
      }),
    });
    expect(create.status).toBe(201);
    const triggerPath = new URL((await create.json()).triggerUrl).pathname;

    const accepted: string[] = [];
    await Promise.all(
      Array.from({ length: TOTAL }, async (_, n) => {
        const res = await fetch(`${proc!.url}${triggerPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
        });
        expect(res.status).toBe(202);
        accepted.push((await res.json()).executionId);
      }),
    );
    // Some executions are now inside the slow step, the rest queued behind them.
    await sink.waitFor(8);
    await proc.kill('SIGKILL');

    const snapshot = createSqliteStore({ dataDir: tmp.dir });
    const finishedBefore = new Set<string>();
    const statusesAtKill = new Map<string, string>();
    for (const id of accepted) {
      statusesAtKill.set(id, (await snapshot.getExecution(id))!.status);
      for (const s of await snapshot.listStepRecords(id))
        if (s.status === 'succeeded') finishedBefore.add(`${id}:${s.key}`);
    }
    await snapshot.close();
    expect(accepted).toHaveLength(TOTAL);
    expect([...statusesAtKill.values()].filter((s) => s === 'succeeded').length).toBeLessThan(TOTAL);
    expect([...statusesAtKill.values()]).toContain('running');
    expect(finishedBefore.size).toBeGreaterThan(0);

    proc = await spawnHookflow(env);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${proc.url}/api/executions?workflowId=crashy&status=succeeded&limit=500`);
      const { items } = await res.json();
      if (items.length === TOTAL) break;
      if (Date.now() > deadline) throw new Error(`only ${items.length} of ${TOTAL} finished:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    const calls = new Map<string, number>();
    for (const r of sink.requests) {
      const key = String(r.headers['idempotency-key']);
      calls.set(key, (calls.get(key) ?? 0) + 1);
    }
    for (const id of accepted) {
      const res = await fetch(`${proc.url}/api/executions/${id}`);
      const exec = await res.json();
      expect(exec.status).toBe('succeeded');
      expect(exec.steps.map((s: { stepId: string; status: string }) => `${s.stepId}:${s.status}`)).toEqual([
        'first:succeeded',
        'second:succeeded',
        'third:succeeded',
      ]);
      expect(exec.result).toEqual({ n: exec.trigger.body.n, slow: true });
      for (const step of ['first', 'second']) {
        const key = `${id}:${step}`;
        expect(calls.get(key) ?? 0, key).toBeGreaterThanOrEqual(1);
        if (finishedBefore.has(key)) expect(calls.get(key), `${key} had finished before the kill`).toBe(1);
      }
    }
  }, 90_000);
});

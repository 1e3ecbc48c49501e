// SIGTERM under load, against the real process (`node server/main.ts`): every request that
// was acknowledged with 2xx has its execution in the store, nothing is left `running`, the
// process exits within SHUTDOWN_TIMEOUT_MS, and a restart finishes everything.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const SHUTDOWN_TIMEOUT_MS = 5000;

let sink: Sink | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await sink?.close();
  for (const c of cleanups.splice(0)) c();
});

describe('graceful shutdown', () => {
  it('loses no acknowledged request on SIGTERM under load and exits within the bound', async () => {
    sink = await startSink();
    // Slow enough that steps are mid-flight when the signal arrives.
    sink.reply = () => ({ status: 200, delayMs: 150 });
    const data = tempDir();
    const wf = tempDir('hookflow-wf-');
    cleanups.push(data.cleanup, wf.cleanup);
    writeFileSync(
      path.join(wf.dir, 'forward.json'),
      JSON.stringify({
        id: 'forward',
        name: 'forward',
        trigger: { type: 'webhook', methods: ['POST'] },
        steps: [
          { id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } },
          { id: 'send', type: 'http.request', params: { method: 'POST', url: `${sink.url}/in`, body: '=steps.shape' } },
        ],
        edges: [
          { from: 'trigger', to: 'shape' },
          { from: 'shape', to: 'send' },
        ],
      }),
    );
    const env = {
      DATA_DIR: data.dir,
      WORKFLOWS_DIR: wf.dir,
      SSRF_ALLOW: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    };
    const server = await spawnHookflow(env);
    const base = server.url;
    const wfRes = await fetch(`${base}/api/workflows/forward`, { headers: server.auth });
    const token = new URL(((await wfRes.json()) as { triggerUrl: string }).triggerUrl).pathname.split('/').pop();

    const acked: string[] = [];
    let failures = 0;
    let stop = false;
    let n = 0;
    const sender = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/hooks/${token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ n: n++ }),
          });
          const body = (await res.json()) as { executionId?: string };
          if (res.status >= 200 && res.status < 300 && body.executionId) acked.push(body.executionId);
          else failures++;
        } catch {
          failures++; // refused or reset once the server stops accepting: not acknowledged
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    };
    const senders = Array.from({ length: 6 }, sender);
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 10));
    const ackedBeforeSignal = acked.length;
    const signalledAt = Date.now();
    const code = await server.kill('SIGTERM');
    const exitMs = Date.now() - signalledAt;
    stop = true;
    await Promise.all(senders);
    console.log(
      `SIGTERM under load: ${acked.length} acknowledged (${ackedBeforeSignal} before the signal), ${failures} refused, exit code ${code} after ${exitMs} ms (bound ${SHUTDOWN_TIMEOUT_MS} ms)`,
    );
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    const store = createSqliteStore({ dataDir: data.dir });
    try {
      const missing: string[] = [];
      for (const id of acked) if (!(await store.getExecution(id))) missing.push(id);
      expect(missing).toEqual([]);
      const unfinished = await store.listUnfinished(10_000);
      // Running steps finished or were handed back: nothing is left leased to the dead process.
      expect(unfinished.filter((e) => e.status === 'running')).toEqual([]);
    } finally {
      await store.close();
    }

    // A restart picks everything up.
    const again = await spawnHookflow(env);
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const reader = createSqliteStore({ dataDir: data.dir });
        const left = await reader.listUnfinished(1);
        const statuses = await Promise.all(acked.slice(-20).map(async (id) => (await reader.getExecution(id))?.status));
        await reader.close();
        if (left.length === 0) {
          expect(new Set(statuses)).toEqual(new Set(['succeeded']));
          break;
        }
        if (Date.now() > deadline) throw new Error('executions did not finish after the restart');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await again.kill('SIGTERM');
    }
  }, 60_000);
});

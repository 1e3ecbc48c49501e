// SIGTERM under load, against the real process (`node server/main.ts`): every request that
// was acknowledged with 2xx has its execution in the store, nothing is left `running`, the
// process exits within SHUTDOWN_TIMEOUT_MS, and a restart finishes everything.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const KEY = 'shutdown-test-admin-key-0123456789';
const SHUTDOWN_TIMEOUT_MS = 5000;

type Started = { child: ChildProcess; port: number; exited: Promise<number | null> };

function startServer(dataDir: string, workflowsDir: string): Promise<Started> {
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WORKFLOWS_DIR: workflowsDir,
      ADMIN_API_KEY: KEY,
      SSRF_ALLOW: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), exited });
      }
    });
    child.once('exit', () => reject(new Error(`server exited during start:\n${out}`)));
  });
}

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
    const server = await startServer(data.dir, wf.dir);
    const base = `http://127.0.0.1:${server.port}`;
    const wfRes = await fetch(`${base}/api/workflows/forward`, { headers: { authorization: `Bearer ${KEY}` } });
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
    server.child.kill('SIGTERM');
    const code = await server.exited;
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
    const again = await startServer(data.dir, wf.dir);
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
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 60_000);
});

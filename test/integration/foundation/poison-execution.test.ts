// A poison execution: every run of it kills the process mid-step (here the test SIGKILLs the
// server as soon as the step calls the stand-in API: the same as an abort inside the step).
// Each restart takes running executions back; the claim count must survive that, so after
// MAX_INTERNAL_ABORTS crashes the execution is failed with internal_error_repeated instead of
// crash-looping the server for ever, and the server stays up.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_INTERNAL_ABORTS } from '../../../server/engine/run-execution.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { type HookflowProcess, spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let sink: Sink | null = null;
let current: HookflowProcess | null = null;

afterEach(async () => {
  await current?.kill('SIGKILL');
  await sink?.close();
});

describe('poison-execution quarantine', () => {
  it('fails an execution that crashes every process running it, and the server stays up', {
    timeout: 120_000,
  }, async () => {
    sink = await startSink();
    const env = {
      DATA_DIR: tempDir().dir,
      WORKFLOWS_DIR: tempDir('hookflow-wf-').dir,
      SSRF_ALLOW: '127.0.0.1',
    };
    const start = async () => {
      current = await spawnHookflow(env);
      return current;
    };
    let hf = await start();
    const res = await fetch(`${hf.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...hf.auth },
      body: JSON.stringify({
        id: 'poison',
        name: 'poison',
        trigger: { type: 'webhook' },
        steps: [
          {
            id: 'call',
            type: 'http.request',
            params: { method: 'POST', url: `${sink.url}/boom`, body: '=trigger.body' },
          },
        ],
        edges: [{ from: 'trigger', to: 'call' }],
      }),
    });
    const created = await res.json();
    expect(res.status, JSON.stringify(created)).toBe(201);
    // The stand-in never answers: the process running the step is killed while it waits.
    sink.reply = () => ({ status: 200, body: {}, delayMs: 120_000 });
    const ack = await fetch(`${hf.url}${new URL(created.triggerUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"poison":true}',
    });
    expect(ack.status).toBe(202);
    const { executionId } = await ack.json();

    let crashes = 0;
    for (let run = 1; run <= MAX_INTERNAL_ABORTS + 3; run++) {
      // The run may start before the process says it listens, so count calls, not starts.
      const deadline = Date.now() + 8_000;
      while (sink.requests.length < run && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (sink.requests.length < run) break;
      await hf.kill('SIGKILL');
      crashes++;
      hf = await start();
    }
    // Without the quarantine the loop above never ends early: every start crashes again.
    expect(crashes).toBe(MAX_INTERNAL_ABORTS);
    expect(sink.requests).toHaveLength(MAX_INTERNAL_ABORTS);

    const exec = await (await fetch(`${hf.url}/api/executions/${executionId}`, { headers: hf.auth })).json();
    expect(exec.status).toBe('failed');
    expect(exec.error.code).toBe('internal_error_repeated');
    expect((await fetch(`${hf.url}/healthz`)).status).toBe(200);
    expect(hf.child.exitCode).toBeNull();
  });
});

// Every log line written while an execution runs carries its executionId and workflowId,
// including lines written by node types through their services logger.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { type Runtime, startRuntime } from '../../../server/runtime.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let runtime: Runtime | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await runtime?.stop(2000);
  cleanup?.();
});

describe('execution logs', () => {
  it('tag every line of an execution with executionId and workflowId', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const tmp = tempDir();
    const wf = tempDir('hookflow-wf-');
    cleanup = () => {
      tmp.cleanup();
      wf.cleanup();
    };
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tmp.dir,
      WORKFLOWS_DIR: wf.dir,
      LOG_LEVEL: 'debug',
    });
    runtime = await startRuntime(config, pino({ level: 'debug' }, stream));
    await runtime.store.saveWorkflow(
      {
        id: 'logs',
        name: 'logs',
        trigger: { type: 'webhook' },
        steps: [
          // Port 9 on loopback refuses: the step fails and the execution is logged as failed.
          { id: 'call', type: 'http.request', params: { url: 'http://127.0.0.1:9/x' } },
        ],
        edges: [{ from: 'trigger', to: 'call' }],
      },
      'test',
    );
    const row = await runtime.store.getWorkflow('logs');
    const res = await fetch(`http://127.0.0.1:${runtime.port}/hooks/${row?.token}`, { method: 'POST', body: '{}' });
    const { executionId } = (await res.json()) as { executionId: string };
    const deadline = Date.now() + 10_000;
    while ((await runtime.store.getExecution(executionId))?.status !== 'failed') {
      if (Date.now() > deadline) throw new Error('execution did not fail in time');
      await new Promise((r) => setTimeout(r, 20));
    }
    // Nodes log through ctx.services.logger: that logger is the execution's child.
    const mine = lines.filter((l) => l.executionId === executionId);
    expect(mine.length).toBeGreaterThan(0);
    for (const l of lines.filter((l) => JSON.stringify(l).includes(executionId))) {
      expect(l).toMatchObject({ executionId, workflowId: 'logs' });
    }
  });
});

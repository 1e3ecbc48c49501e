// The engine against real endpoints: runaway expressions, failures, error edges, retries
// that park the execution instead of holding a worker, and workflow files at start-up.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowFiles } from '../../../server/authoring/load-workflow-files.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('engine at runtime', () => {
  let hf: TestHookflow;
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
    hf = await startHookflow({ EXPRESSION_TIMEOUT_MS: '100', WORKER_CONCURRENCY: '1' });
  });
  afterAll(async () => {
    await hf?.close();
    await sink?.close();
  });

  const deployAndFire = async (id: string, steps: unknown[], edges: unknown[], body: unknown = {}) => {
    const created = await hf.api('/api/workflows', {
      body: { id, name: id, trigger: { type: 'webhook' }, steps, edges },
    });
    expect(created.status).toBe(201);
    const res = await fetch(created.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return (await res.json()).executionId as string;
  };

  it('fails a step whose expression runs away, with a clear error', async () => {
    const id = await deployAndFire(
      'runaway',
      [
        {
          id: 'spin',
          type: 'transform',
          params: { expression: '($f := function($n) { $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))' },
        },
      ],
      [{ from: 'trigger', to: 'spin' }],
    );
    const exec = await waitForExecution(hf, id);
    expect(exec.status).toBe('failed');
    expect(exec.error).toMatchObject({ stepId: 'spin', code: 'expression_timeout' });
    expect(exec.error.message).toMatch(/exceeded its time limit/);
    expect(exec.steps[0]).toMatchObject({ status: 'failed', attempt: 1 });
  });

  it('fails the execution on a non-success status, or follows the error edge when there is one', async () => {
    sink.reply = (req) =>
      req.url === '/broken' ? { status: 422, body: { message: 'bad' } } : { status: 200, body: { ok: true } };
    const failing = await deployAndFire(
      'unhandled',
      [{ id: 'call', type: 'http.request', params: { method: 'POST', url: `${sink.url}/broken`, body: { a: 1 } } }],
      [{ from: 'trigger', to: 'call' }],
    );
    const f = await waitForExecution(hf, failing);
    expect(f.status).toBe('failed');
    expect(f.error).toMatchObject({ stepId: 'call', code: 'http_422' });

    const handled = await deployAndFire(
      'handled',
      [
        { id: 'call', type: 'http.request', params: { method: 'POST', url: `${sink.url}/broken`, body: { a: 1 } } },
        { id: 'after', type: 'transform', params: { expression: '"never"' } },
        {
          id: 'alert',
          type: 'http.request',
          params: { method: 'POST', url: `${sink.url}/alert`, body: '={ "why": steps.call.error.message }' },
        },
      ],
      [
        { from: 'trigger', to: 'call' },
        { from: 'call', to: 'after' },
        { from: 'call', to: 'alert', branch: 'error' },
      ],
    );
    const h = await waitForExecution(hf, handled);
    expect(h.status).toBe('succeeded');
    const byId = Object.fromEntries(h.steps.map((s: any) => [s.stepId, s.status]));
    expect(byId).toEqual({ call: 'failed', after: 'skipped', alert: 'succeeded' });
    const alert = sink.requests.find((r) => r.url === '/alert');
    expect((alert!.json as { why: string }).why).toMatch(/answered 422/);
  });

  it('parks a retrying execution without holding the only worker slot', async () => {
    let flaky = 0;
    sink.reply = (req) => {
      if (req.url === '/flaky')
        return ++flaky === 1 ? { status: 503, body: 'busy' } : { status: 200, body: { ok: true } };
      return { status: 200, body: { ok: true } };
    };
    const retrying = await deployAndFire(
      'retrying',
      [
        {
          id: 'call',
          type: 'http.request',
          params: { method: 'POST', url: `${sink.url}/flaky`, body: {} },
          retry: { attempts: 3, backoff: 'fixed', delay: '700ms' },
        },
      ],
      [{ from: 'trigger', to: 'call' }],
    );
    // While it waits, another execution runs on the single worker slot and finishes.
    const deadline = Date.now() + 5000;
    while ((await hf.api(`/api/executions/${retrying}`)).body.status !== 'waiting') {
      if (Date.now() > deadline) throw new Error('never parked');
      await new Promise((r) => setTimeout(r, 10));
    }
    const quick = await deployAndFire(
      'quick',
      [{ id: 't', type: 'transform', params: { expression: '1' } }],
      [{ from: 'trigger', to: 't' }],
    );
    const q = await waitForExecution(hf, quick);
    expect(q.status).toBe('succeeded');
    expect((await hf.api(`/api/executions/${retrying}`)).body.status).toBe('waiting');
    const r = await waitForExecution(hf, retrying);
    expect(r.status).toBe('succeeded');
    expect(r.steps[0]).toMatchObject({ status: 'succeeded', attempt: 2 });
    const calls = sink.requests.filter((x) => x.url === '/flaky');
    expect(calls).toHaveLength(2);
    expect(calls[0].headers['idempotency-key']).toBe(calls[1].headers['idempotency-key']);
  });
});

describe('workflow files at start-up', () => {
  it('loads the valid files and reports the invalid one by path and pointer', async () => {
    const dir = tempDir('hookflow-files-');
    const data = tempDir();
    const good = { id: 'good', name: 'Good', trigger: { type: 'webhook' }, steps: [], edges: [] };
    writeFileSync(path.join(dir.dir, 'a-good.json'), JSON.stringify(good));
    writeFileSync(
      path.join(dir.dir, 'b-bad.json'),
      JSON.stringify({ ...good, id: 'bad', steps: [{ id: 'x', type: 'nope' }] }),
    );
    writeFileSync(path.join(dir.dir, 'c-broken.json'), '{ not json');
    writeFileSync(path.join(dir.dir, 'workflow.schema.json'), '{}');
    const store = createSqliteStore({ dataDir: data.dir });
    try {
      const reports = await loadWorkflowFiles(dir.dir, store, { timeoutMs: 100 });
      expect(reports.map((r) => [path.basename(r.file), r.status])).toEqual([
        ['a-good.json', 'created'],
        ['b-bad.json', 'invalid'],
        ['c-broken.json', 'invalid'],
      ]);
      expect(reports[1].problems).toEqual([{ pointer: '/steps/0/type', message: 'unknown node type "nope"' }]);
      expect(reports[2].problems?.[0].message).toMatch(/not valid JSON/);
      expect((await store.listWorkflows()).map((w) => w.id)).toEqual(['good']);
      const again = await loadWorkflowFiles(dir.dir, store, { timeoutMs: 100 });
      expect(again[0].status).toBe('unchanged');
    } finally {
      await store.close();
      dir.cleanup();
      data.cleanup();
    }
  });
});

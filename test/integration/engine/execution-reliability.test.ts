// Executions under faults, through the real runtime: a worker that loses its lease, runs
// that keep aborting, loops resumed from truncated records, time limits, onError once.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { until } from '../../helpers/until.ts';
import { createWorkflow, trigger } from '../nodes/flow-helpers.ts';

type LogLine = { msg: string; executionId?: string; [k: string]: unknown };

describe('execution reliability', () => {
  let hf: TestHookflow;
  let sink: Sink;
  const logs: LogLine[] = [];
  beforeAll(async () => {
    sink = await startSink();
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(l));
        done();
      },
    });
    // A short lease (renewed every second) and a fast sweep keep the fault cycles quick.
    hf = await startHookflow(
      // Records are cut at 2 kB, so a loop's item list goes over it easily.
      { LEASE_MS: '1500', SWEEP_INTERVAL_MS: '200', STEP_OUTPUT_MAX_BYTES: '2kb' },
      { logger: pino({ level: 'warn' }, stream) },
    );
  });
  afterAll(async () => {
    await hf.close();
    await sink.close();
  });
  const call = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'http.request',
    params: { method: 'POST', url: `${sink.url}${path}`, body: {} },
    ...extra,
  });

  it('a worker that lost its lease stops at once and overwrites none of the new owner’s records', async () => {
    sink.requests.length = 0;
    sink.reply = (r) => (r.url === '/slow' ? { status: 200, body: { slow: true }, delayMs: 4000 } : { status: 200 });
    const url = await createWorkflow(hf, {
      id: 'fenced',
      steps: [call('a', '/slow', { timeout: '10s' }), call('b', '/after')],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'a', to: 'b' },
      ],
    });
    const id = await trigger(url, {});
    await sink.waitFor(1);
    // Another worker takes the lease over, as if this one had stalled past its expiry.
    const stolen = await hf.store.claimExecution(id, 'thief', 600_000, Date.now() + 60_000);
    expect(stolen?.leaseOwner).toBe('thief');
    await until('the lease-lost stop', () => logs.find((l) => l.executionId === id && /lease lost/.test(l.msg)));
    // The in-flight step was abandoned: no record, no next step, the thief still owns it.
    expect(await hf.store.listStepRecords(id)).toEqual([]);
    expect(sink.requests.map((r) => r.url)).toEqual(['/slow']);
    expect(await hf.store.getExecution(id)).toMatchObject({ status: 'running', leaseOwner: 'thief' });
  });

  it('an execution whose runs keep aborting is failed with internal_error_repeated after 5 aborts', async () => {
    const url = await createWorkflow(hf, {
      id: 'poisoned',
      steps: [
        { id: 'wait', type: 'delay', params: { duration: '300ms' } },
        { id: 'after', type: 'transform', params: { expression: '1' } },
      ],
      edges: [
        { from: 'trigger', to: 'wait' },
        { from: 'wait', to: 'after' },
      ],
    });
    const id = await trigger(url, {});
    await until('the delay to park', async () => (await hf.store.getExecution(id))?.status === 'waiting');
    // A corrupt checkpoint: every run that reads it throws before doing anything.
    const db = new DatabaseSync(path.join(hf.dataDir, 'hookflow.db'));
    db.prepare(`UPDATE step_records SET output = '{not json' WHERE execution_id = ?`).run(id);
    db.close();
    // The API cannot show the corrupt records either: read the row from the store.
    const exec = await until(
      'the execution to fail',
      async () => {
        const e = await hf.store.getExecution(id);
        return e?.status === 'failed' ? e : null;
      },
      20_000,
    );
    expect(exec.error?.code).toBe('internal_error_repeated');
    const aborts = logs.filter((l) => l.executionId === id && /aborted by an internal error/.test(l.msg));
    expect(aborts).toHaveLength(5);
  }, 30_000);

  it('a forEach whose item list is over the record limit resumes with every item after parking', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ i, text: 'x'.repeat(100) }));
    const url = await createWorkflow(hf, {
      id: 'big-loop',
      steps: [
        { id: 'loop', type: 'forEach', params: { items: '=trigger.body.rows', concurrency: 5 } },
        { id: 'pause', type: 'delay', params: { duration: '20ms' } },
        { id: 'cell', type: 'transform', params: { expression: 'item.i * 2' } },
      ],
      edges: [
        { from: 'trigger', to: 'loop' },
        { from: 'loop', to: 'pause', branch: 'each' },
        { from: 'pause', to: 'cell' },
      ],
    });
    const exec = await waitForExecution(hf, await trigger(url, { rows }), 15_000);
    expect(exec.status, JSON.stringify(exec.error)).toBe('succeeded');
    // The loop's own record keeps its whole item list; its output (the results) is small here.
    const loop = (await hf.store.listStepRecords(exec.id)).find((r) => r.key === 'loop');
    expect(loop?.input).toMatchObject({ items: rows });
    expect(loop?.output).toEqual(rows.map((r) => r.i * 2));
  });

  it('a worker that dies between a fatal failure and its commit: the next owner fails it, onError runs once', async () => {
    await createWorkflow(hf, {
      id: 'on-error-target',
      steps: [{ id: 'note', type: 'transform', params: { expression: 'trigger.body.execution.id' } }],
      edges: [{ from: 'trigger', to: 'note' }],
    });
    await createWorkflow(hf, {
      id: 'fails-once',
      settings: { onError: 'on-error-target' },
      steps: [
        { id: 'boom', type: 'fail', params: { message: 'bad order', code: 'bad_order' } },
        { id: 'after', type: 'transform', params: { expression: '1' } },
      ],
      edges: [
        { from: 'trigger', to: 'boom' },
        { from: 'boom', to: 'after' },
      ],
    });
    const wf = await hf.store.getWorkflow('fails-once');
    const id = ulid();
    const now = Date.now();
    const input = {
      method: 'POST',
      path: '/hooks/x',
      headers: {},
      query: {},
      body: {},
      receivedAt: new Date(now).toISOString(),
    };
    await hf.store.createExecution({
      id,
      workflowId: 'fails-once',
      workflowVersion: wf!.version,
      trigger: input,
      createdAt: now,
    });
    // The dead worker: it recorded the fatal failure, started the onError workflow, and died
    // before committing the failure. Its lease has run out.
    await hf.store.claimExecution(id, 'ghost', 1, now);
    await hf.store.saveStepRecords(
      [
        {
          executionId: id,
          key: 'boom',
          stepId: 'boom',
          type: 'fail',
          status: 'failed',
          attempt: 1,
          input: { message: 'bad order', code: 'bad_order' },
          output: null,
          branches: null,
          error: { message: 'bad order', code: 'bad_order' },
          wait: null,
          startedAt: now,
          finishedAt: now,
        },
      ],
      'ghost',
    );
    const target = await hf.store.getWorkflow('on-error-target');
    await hf.store.createExecution(
      {
        id: ulid(),
        workflowId: 'on-error-target',
        workflowVersion: target!.version,
        trigger: { ...input, method: 'ERROR', body: { execution: { id } } },
        createdAt: now,
      },
      { key: `onerror:${id}`, expiresAt: now + 86_400_000 },
    );
    // The sweep hands the expired lease on; the new owner continues from the records.
    const exec = await waitForExecution(hf, id, 10_000);
    expect(exec.status).toBe('failed');
    expect(exec.error).toMatchObject({ code: 'bad_order', stepId: 'boom' });
    expect(exec.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([['boom', 'failed']]);
    const runs = await until('the onError execution to finish', async () => {
      const items = (await hf.store.listExecutions({ workflowId: 'on-error-target', limit: 50 })).items;
      const mine = items.filter((e) => (e.trigger.body as { execution: { id: string } }).execution.id === id);
      return mine.every((e) => e.status === 'succeeded') ? mine : null;
    });
    expect(runs).toHaveLength(1);
  });

  it('settings.timeout fails an execution that runs past it, waking a long delay at the deadline', async () => {
    const url = await createWorkflow(hf, {
      id: 'time-boxed',
      settings: { timeout: '400ms' },
      steps: [
        { id: 'first', type: 'transform', params: { expression: '1' } },
        { id: 'wait', type: 'delay', params: { duration: '1h' } },
        { id: 'after', type: 'transform', params: { expression: '2' } },
      ],
      edges: [
        { from: 'trigger', to: 'first' },
        { from: 'first', to: 'wait' },
        { from: 'wait', to: 'after' },
      ],
    });
    const started = Date.now();
    const exec = await waitForExecution(hf, await trigger(url, {}), 5000);
    expect(exec.status).toBe('failed');
    expect(exec.error.code).toBe('execution_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(exec.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['first', 'succeeded'],
      ['wait', 'waiting'],
    ]);
  });

  it('a forEach parked with an unusable stored input (a record cut before the fix) evaluates its items again', async () => {
    const url = await createWorkflow(hf, {
      id: 'old-loop-record',
      steps: [
        { id: 'loop', type: 'forEach', params: { items: '=trigger.body.n', concurrency: 1 } },
        { id: 'pause', type: 'delay', params: { duration: '300ms' } },
        { id: 'cell', type: 'transform', params: { expression: 'item + 1' } },
      ],
      edges: [
        { from: 'trigger', to: 'loop' },
        { from: 'loop', to: 'pause', branch: 'each' },
        { from: 'pause', to: 'cell' },
      ],
    });
    const id = await trigger(url, { n: [1, 2] });
    await until('the loop to park', async () => (await hf.store.getExecution(id))?.status === 'waiting');
    const db = new DatabaseSync(path.join(hf.dataDir, 'hookflow.db'));
    db.prepare(
      `UPDATE step_records SET input = '{"$truncated":true,"originalBytes":9999,"limitBytes":10,"preview":"{"}'
       WHERE execution_id = ? AND key = 'loop'`,
    ).run(id);
    db.close();
    const exec = await waitForExecution(hf, id, 10_000);
    expect(exec.status, JSON.stringify(exec.error)).toBe('succeeded');
    expect(exec.steps.find((s: { key: string }) => s.key === 'loop').output).toEqual([2, 3]);
  });
});

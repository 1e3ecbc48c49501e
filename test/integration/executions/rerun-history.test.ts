// Retry and replay after a fix (issue 13, items 2 and 3): both run the current version by
// default or the version as it ran when asked, say which they ran, keep every attempt of a
// retried execution with its step records, and link replays to their original both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const doc = (check: string) => ({
  id: 'rerun-wf',
  name: 'Rerun',
  active: true,
  trigger: { type: 'webhook' },
  steps: [
    { id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } },
    { id: 'check', type: 'transform', params: { expression: check } },
  ],
  edges: [
    { from: 'trigger', to: 'shape' },
    { from: 'shape', to: 'check' },
  ],
});
const BROKEN = '$error("broken in v1")';
const FIXED = '{ "doubled": steps.shape.n * 2 }';

describe('retry and replay with the current version or as it ran', () => {
  let hf: TestHookflow;
  let failedId: string;
  beforeAll(async () => {
    hf = await startHookflow();
    const created = await hf.api('/api/workflows', { body: doc(BROKEN) });
    expect(created.status).toBe(201);
    const hook = await fetch(created.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 21 }),
    });
    expect(hook.status).toBe(202);
    failedId = ((await hook.json()) as { executionId: string }).executionId;
    const failed = await waitForExecution(hf, failedId);
    expect(failed.status).toBe('failed');
    expect(failed.workflowVersion).toBe(1);
    const fixed = await hf.api('/api/workflows/rerun-wf', { method: 'PUT', body: doc(FIXED) });
    expect(fixed.body.version).toBe(2);
  });
  afterAll(() => hf?.close());

  it('retry "as it ran" runs v1 again, fails the same way, and keeps the first attempt', async () => {
    const r = await hf.api(`/api/executions/${failedId}/retry`, { body: { version: 'original' } });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ executionId: failedId, workflowVersion: 1, version: 'original' });
    const again = await waitForExecution(hf, failedId);
    expect(again.status).toBe('failed');
    expect(again.attempt).toBe(2);
    expect(again.attempts).toHaveLength(1);
    expect(again.attempts[0]).toMatchObject({ attempt: 1, workflowVersion: 1, status: 'failed' });
    expect(again.attempts[0].error.message).toContain('broken in v1');
  });

  it('retry by default runs the current version (the fix), keeping every failed attempt with its steps', async () => {
    const r = await hf.api(`/api/executions/${failedId}/retry`, { body: {} });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ executionId: failedId, workflowVersion: 2, version: 'current' });
    const done = await waitForExecution(hf, failedId);
    expect(done.status).toBe('succeeded');
    expect(done.workflowVersion).toBe(2);
    expect(done.attempt).toBe(3);
    expect(done.steps.find((s: { stepId: string }) => s.stepId === 'check').output).toEqual({ doubled: 42 });
    expect(done.attempts.map((a: { attempt: number; workflowVersion: number; status: string }) => a)).toMatchObject([
      { attempt: 1, workflowVersion: 1, status: 'failed' },
      { attempt: 2, workflowVersion: 1, status: 'failed' },
    ]);
    for (const a of done.attempts) {
      const steps = Object.fromEntries(a.steps.map((s: { stepId: string; status: string }) => [s.stepId, s.status]));
      expect(steps).toEqual({ shape: 'succeeded', check: 'failed' });
    }
  });

  it('replay links to its original and back, and runs the version asked for', async () => {
    const current = await hf.api(`/api/executions/${failedId}/replay`, { body: {} });
    expect(current.status).toBe(202);
    expect(current.body).toMatchObject({ workflowVersion: 2, version: 'current' });
    const asRan = await hf.api(`/api/executions/${failedId}/replay`, { body: { version: 'original' } });
    // The execution now ran v2 (its last attempt): "as it ran" is v2.
    expect(asRan.body).toMatchObject({ workflowVersion: 2, version: 'original' });
    const replay = await waitForExecution(hf, current.body.executionId);
    expect(replay.status).toBe('succeeded');
    expect(replay.replayOf).toBe(failedId);
    await waitForExecution(hf, asRan.body.executionId);
    const original = await hf.api(`/api/executions/${failedId}`);
    expect(original.body.replays.map((x: { id: string }) => x.id).sort()).toEqual(
      [current.body.executionId, asRan.body.executionId].sort(),
    );
    const listed = await hf.api(`/api/executions?replayOf=${failedId}`);
    expect(listed.body.items).toHaveLength(2);
  });

  it('refuses a bad rerun body with a clear 400 and changes nothing', async () => {
    for (const body of [{ version: 'v3' }, { version: 'current', extra: 1 }, ['current'], '"current"', 7]) {
      const r = await hf.api(`/api/executions/${failedId}/replay`, { body });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_failed' });
      expect(r.body.error.message).toMatch(/version/);
    }
    const listed = await hf.api(`/api/executions?replayOf=${failedId}`);
    expect(listed.body.items).toHaveLength(2);
  });
});

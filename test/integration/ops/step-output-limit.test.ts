// Large step outputs are truncated in storage with a visible marker; the running execution
// still hands the full value to the next step.
import { afterEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

let hf: TestHookflow;
afterEach(async () => {
  await hf?.close();
});

describe('STEP_OUTPUT_MAX_BYTES', () => {
  it('stores a large output as a truncation marker while later steps see all of it', async () => {
    hf = await startHookflow({ STEP_OUTPUT_MAX_BYTES: '2kb' });
    const wf = await hf.api('/api/workflows', {
      body: {
        id: 'big',
        name: 'big',
        trigger: { type: 'webhook' },
        steps: [
          {
            id: 'expand',
            type: 'transform',
            params: { expression: '{ "rows": [1..500].({ "n": $, "label": "row " & $ }) }' },
          },
          { id: 'count', type: 'transform', params: { expression: '{ "rows": $count(steps.expand.rows) }' } },
        ],
        edges: [
          { from: 'trigger', to: 'expand' },
          { from: 'expand', to: 'count' },
        ],
      },
    });
    expect(wf.status).toBe(201);
    const hook = await fetch(wf.body.triggerUrl, { method: 'POST', body: '{}' });
    const { executionId } = (await hook.json()) as { executionId: string };
    const exec = await waitForExecution(hf, executionId);
    expect(exec.status).toBe('succeeded');
    const [expand, count] = exec.steps;
    expect(expand.output).toMatchObject({ $truncated: true, limitBytes: 2048 });
    expect(expand.output.originalBytes).toBeGreaterThan(2048);
    expect(expand.output.preview.startsWith('{"rows":[{"n":1,"label":"row 1"}')).toBe(true);
    expect(count.output).toEqual({ rows: 500 });
    expect(exec.result).toEqual({ rows: 500 });
  });
});

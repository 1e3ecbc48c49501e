// Upgrading a store written before step waits were an explicit field (issue 14): the
// fixture (test/fixtures/pre-wait-field/, written by the code of that time) holds a delay
// parked in its step's output, a retry backoff told apart only by its error, a parent parked
// on workflow.call and the child it waits for (its parent inside `trigger.caller`). After
// migrations 042 (step waits) and 043 (execution parent) each resumes as what it was.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/pre-wait-field/hookflow.db');
const DELAY = '01M8NH8H153X447T166ABGV74C';
const RETRY = '01M8NH8H3R0RVM88VM6TNMZD1V';
const PARENT = '01M8NH8H9Z09XTZ6EGZ9Y353FG';
const CALLED_CHILD = '01M8NH8HASWZB33JX29EVD34HN';

describe('a store written before explicit step waits', () => {
  let hf: TestHookflow | undefined;
  const data = tempDir('hookflow-upgrade-');
  afterEach(async () => {
    await hf?.close();
    data.cleanup();
  });

  it('migrates its waiting steps and resumes every execution as what it was waiting for', async () => {
    copyFileSync(FIXTURE, path.join(data.dir, 'hookflow.db'));
    hf = await startHookflow({ DATA_DIR: data.dir, SSRF_ALLOW: '127.0.0.1' });
    const steps = (e: { steps: { key: string; status: string; attempt: number; output: unknown }[] }) =>
      Object.fromEntries(e.steps.map((s) => [s.key, s]));

    // The delay was parked by its node: resumed in the same attempt, then the flow goes on.
    const delayed = await waitForExecution(hf, DELAY, 30_000);
    expect(delayed.status).toBe('succeeded');
    expect(delayed.result).toEqual({ done: 'A-1' });
    expect(steps(delayed).wait).toMatchObject({ status: 'succeeded', attempt: 1 });

    // The retry backoff was a retry: the next attempt ran (and failed for good, port 9 refuses).
    const retried = await waitForExecution(hf, RETRY, 30_000);
    expect(retried.status).toBe('failed');
    expect(steps(retried).call).toMatchObject({ status: 'failed', attempt: 2 });

    // The child finished and woke its parent, which resumed its call (same attempt, no new child).
    const child = await waitForExecution(hf, CALLED_CHILD, 30_000);
    expect(child).toMatchObject({ status: 'succeeded', result: { child: 42 }, parentExecutionId: PARENT });
    // The parent moved out of the trigger input (migration 043) into its own field.
    expect(child.trigger.caller).toBeUndefined();
    expect(delayed.parentExecutionId).toBeNull();
    const parent = await waitForExecution(hf, PARENT, 30_000);
    expect(parent).toMatchObject({ status: 'succeeded', result: { got: { child: 42 } } });
    expect(steps(parent).call).toMatchObject({ status: 'succeeded', attempt: 1 });
    const { body } = await hf.api('/api/executions?limit=50');
    expect(body.items).toHaveLength(5);
    expect(body.items.every((e: { id: string; status: string }) => e.status === 'succeeded' || e.id === RETRY)).toBe(
      true,
    );
  });
});

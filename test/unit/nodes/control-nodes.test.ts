import { describe, expect, it } from 'vitest';
import { delayNode } from '../../../server/nodes/core/delay.ts';
import { failNode } from '../../../server/nodes/core/fail.ts';
import { forEachNode } from '../../../server/nodes/core/for-each.ts';
import { mergeNode } from '../../../server/nodes/core/merge.ts';
import { respondNode } from '../../../server/nodes/core/respond.ts';
import { switchNode } from '../../../server/nodes/core/switch.ts';
import { workflowCallNode } from '../../../server/nodes/core/workflow-call.ts';
import { NonRetryableError } from '../../../server/nodes/step-errors.ts';
import { nodeContext } from './node-context.ts';

describe('switch', () => {
  const cases = [
    { name: 'a', condition: false },
    { name: 'b', condition: true },
    { name: 'c', condition: true },
  ];
  it('fires the first matching case, every match in "all" mode, default otherwise', async () => {
    expect((await switchNode.execute({ cases }, nodeContext())).branches).toEqual(['b']);
    expect((await switchNode.execute({ cases, mode: 'all' }, nodeContext())).branches).toEqual(['b', 'c']);
    expect((await switchNode.execute({ cases: [{ name: 'a', condition: 0 }] }, nodeContext())).branches).toEqual([
      'default',
    ]);
  });
  it('names its case outputs from params', () => {
    expect(switchNode.dynamicOutputs?.({ cases })).toEqual(['a', 'b', 'c']);
    expect(switchNode.outputs).toEqual(['default']);
  });
});

describe('merge', () => {
  const inputs = { a: { x: 1, l: [1] }, b: { y: 2, l: [2] } };
  it.each([
    ['object', inputs],
    ['array', [inputs.a, inputs.b]],
    ['concat', [inputs.a, inputs.b]],
    ['merge', { x: 1, y: 2, l: [2] }],
  ])('%s', async (mode, expected) => {
    expect((await mergeNode.execute({ mode: mode as never }, nodeContext({ inputs }))).output).toEqual(expected);
  });
  it('concat joins arrays', async () => {
    const out = await mergeNode.execute({ mode: 'concat' }, nodeContext({ inputs: { a: [1, 2], b: [3] } }));
    expect(out.output).toEqual([1, 2, 3]);
  });
});

describe('delay', () => {
  it('asks to wait until now + duration, then finishes when resumed after it', async () => {
    const before = Date.now();
    const first = await delayNode.execute({ duration: '2s' }, nodeContext());
    expect(first.wait?.until).toBeGreaterThanOrEqual(before + 2000);
    const until = first.wait!.until;
    // Resumed early (woken for something else): waits for the same due time, not a new one.
    const early = await delayNode.execute({ duration: '2s' }, nodeContext({ resume: { until } }));
    expect(early.wait?.until).toBe(until);
    const late = await delayNode.execute({ duration: '2s' }, nodeContext({ resume: { until: Date.now() - 1 } }));
    expect(late.wait).toBeUndefined();
    expect(late.output).toHaveProperty('waitedUntil');
  });
  it('accepts a timestamp; a past one does not wait; nonsense and > 90 days fail for good', async () => {
    expect(
      (await delayNode.execute({ until: new Date(Date.now() - 1000).toISOString() }, nodeContext())).wait,
    ).toBeUndefined();
    expect((await delayNode.execute({ until: Date.now() + 60_000 }, nodeContext())).wait?.until).toBeGreaterThan(
      Date.now(),
    );
    await expect(delayNode.execute({ until: 'soon' }, nodeContext())).rejects.toBeInstanceOf(NonRetryableError);
    await expect(delayNode.execute({ duration: '100d' }, nodeContext())).rejects.toThrow(/90 days/);
  });
});

describe('forEach', () => {
  it('checks items and clamps concurrency', async () => {
    expect((await forEachNode.execute({ items: [1, 2], concurrency: 500 }, nodeContext())).output).toEqual({
      items: [1, 2],
      concurrency: 100,
    });
    await expect(forEachNode.execute({ items: 'x' as unknown as unknown[] }, nodeContext())).rejects.toThrow(
      /must be an array/,
    );
    await expect(forEachNode.execute({ items: new Array(10_001).fill(0) }, nodeContext())).rejects.toThrow(/exceed/);
    expect(forEachNode.kind).toBe('loop');
    expect(forEachNode.outputs).toEqual(['each', 'done']);
  });
});

describe('respond and fail', () => {
  it('respond outputs {status, headers, body} with lower-case header names', async () => {
    const out = await respondNode.execute({ status: 201, headers: { 'X-A': '1' }, body: { ok: true } }, nodeContext());
    expect(out.output).toEqual({ status: 201, headers: { 'x-a': '1' }, body: { ok: true } });
    expect((await respondNode.execute({}, nodeContext())).output).toEqual({ status: 200, headers: {}, body: null });
  });
  it('fail throws a non-retryable error with its message and code', async () => {
    await expect(failNode.execute({ message: 'no', code: 'bad_order' }, nodeContext())).rejects.toMatchObject({
      message: 'no',
      code: 'bad_order',
      name: 'NonRetryableError',
    });
  });
});

describe('workflow.call', () => {
  it('creates the child, parks (wakeable) and enqueues it only after the parent is parked', async () => {
    const created: unknown[] = [];
    const enqueued: string[] = [];
    const services = {
      executions: {
        create: async (workflowId: string, body: unknown, caller: unknown) => {
          created.push({ workflowId, body, caller });
          return 'CHILD1';
        },
        enqueue: async (id: string) => {
          enqueued.push(id);
        },
        get: async () => ({ status: 'running' as const, result: null, error: null }),
      },
    };
    const first = await workflowCallNode.execute(
      { workflowId: 'child', input: { n: 1 } },
      nodeContext({ key: 'loop[2].call' }, services),
    );
    expect(created).toEqual([
      { workflowId: 'child', body: { n: 1 }, caller: { executionId: 'EXEC1', key: 'loop[2].call' } },
    ]);
    expect(first.wait).toMatchObject({ state: { executionId: 'CHILD1', polls: 0 }, wakeable: true });
    expect(enqueued).toEqual([]);
    await first.wait?.afterSuspend?.();
    expect(enqueued).toEqual(['CHILD1']);
    const polled = await workflowCallNode.execute(
      { workflowId: 'child' },
      nodeContext({ resume: { executionId: 'CHILD1', polls: 0 } }, services),
    );
    expect(polled.wait?.state).toEqual({ executionId: 'CHILD1', polls: 1 });
  });
  it('continues with the child’s result, or fails with its error', async () => {
    const done = (status: 'succeeded' | 'failed') => ({
      executions: {
        create: async () => '',
        enqueue: async () => {},
        get: async () => ({ status, result: { r: 1 }, error: { message: 'boom' } }),
      },
    });
    const resume = { executionId: 'C', polls: 3 };
    expect(
      (await workflowCallNode.execute({ workflowId: 'c' }, nodeContext({ resume }, done('succeeded')))).output,
    ).toEqual({ r: 1 });
    await expect(
      workflowCallNode.execute({ workflowId: 'c' }, nodeContext({ resume }, done('failed'))),
    ).rejects.toThrow(/failed: boom/);
  });
});

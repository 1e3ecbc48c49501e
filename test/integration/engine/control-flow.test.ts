import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, runWorkflow, step, trigger } from '../nodes/flow-helpers.ts';

describe('control flow', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
  });

  it('switch routes to the matching case or default; merge joins the branches that ran', async () => {
    const doc = (id: string) => ({
      id,
      steps: [
        {
          id: 'route',
          type: 'switch',
          params: {
            cases: [
              { name: 'critical', condition: '=trigger.body.severity = "critical"' },
              { name: 'warning', condition: '=trigger.body.severity = "warning"' },
            ],
          },
        },
        { id: 'page', type: 'transform', params: { expression: '"paged"' } },
        { id: 'ticket', type: 'transform', params: { expression: '"ticketed"' } },
        { id: 'ignore', type: 'transform', params: { expression: '"ignored"' } },
        { id: 'join', type: 'merge', params: { mode: 'object' } },
      ],
      edges: [
        { from: 'trigger', to: 'route' },
        { from: 'route', to: 'page', branch: 'critical' },
        { from: 'route', to: 'ticket', branch: 'warning' },
        { from: 'route', to: 'ignore', branch: 'default' },
        { from: 'page', to: 'join' },
        { from: 'ticket', to: 'join' },
        { from: 'ignore', to: 'join' },
      ],
    });
    const url = await createWorkflow(hf, doc('router'));
    const run = async (severity: string) => waitForExecution(hf, await trigger(url, { severity }));
    const crit = await run('critical');
    expect(crit.result).toEqual({ page: 'paged' });
    expect(step(crit, 'ticket').status).toBe('skipped');
    expect(step(crit, 'route').branches).toEqual(['critical']);
    expect((await run('warning')).result).toEqual({ ticket: 'ticketed' });
    expect((await run('info')).result).toEqual({ ignore: 'ignored' });
  });

  it('a switch edge naming an unknown case is a validation error', async () => {
    const res = await hf.api('/api/workflows', {
      body: {
        id: 'bad-switch',
        name: 'x',
        trigger: { type: 'webhook' },
        steps: [
          { id: 'route', type: 'switch', params: { cases: [{ name: 'a', condition: true }] } },
          { id: 'x', type: 'transform', params: { expression: '1' } },
        ],
        edges: [
          { from: 'trigger', to: 'route' },
          { from: 'route', to: 'x', branch: 'b' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { pointer: '/edges/1/branch', message: expect.stringContaining('has no output "b"') },
    ]);
    expect((await hf.api('/api/workflows/bad-switch')).status).toBe(404);
  });

  it('merge waits for parallel branches and combines as array, concat or merge', async () => {
    const exec = await runWorkflow(hf, {
      id: 'merge-modes',
      steps: [
        { id: 'a', type: 'transform', params: { expression: '{ "x": 1, "list": [1, 2] }' } },
        { id: 'b', type: 'delay', params: { duration: '50ms' } },
        { id: 'c', type: 'transform', params: { expression: '{ "y": 2, "list": [3] }' } },
        { id: 'asArray', type: 'merge', params: { mode: 'array' } },
        { id: 'asMerge', type: 'merge', params: { mode: 'merge' } },
      ],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'trigger', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'asArray' },
        { from: 'c', to: 'asArray' },
        { from: 'a', to: 'asMerge' },
        { from: 'c', to: 'asMerge' },
      ],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'asArray').output).toEqual([
      { x: 1, list: [1, 2] },
      { y: 2, list: [3] },
    ]);
    expect(step(exec, 'asMerge').output).toEqual({ x: 1, y: 2, list: [3] });
  });

  it('respond: the execution outcome carries its {status, headers, body} as `response`', async () => {
    const url = await createWorkflow(hf, {
      id: 'responder',
      steps: [
        {
          id: 'answer',
          type: 'respond',
          params: { status: 201, headers: { 'X-Order': '=trigger.body.id' }, body: '={ "accepted": trigger.body.id }' },
        },
      ],
      edges: [{ from: 'trigger', to: 'answer' }],
    });
    // Capture what the engine publishes for sync triggers (the execution may finish before
    // a waitFor could subscribe).
    const published = new Map<string, unknown>();
    const publish = hf.results.publish;
    hf.results.publish = async (r) => {
      published.set(r.executionId, r.response);
      return publish(r);
    };
    const id = await trigger(url, { id: 'A-9' });
    await waitForExecution(hf, id);
    hf.results.publish = publish;
    expect(published.get(id)).toEqual({ status: 201, headers: { 'x-order': 'A-9' }, body: { accepted: 'A-9' } });
  });

  it('workflow.call runs another workflow with an input and continues with its result', async () => {
    await createWorkflow(hf, {
      id: 'child',
      steps: [
        { id: 'wait', type: 'delay', params: { duration: '200ms' } },
        {
          id: 'double',
          type: 'transform',
          params: { expression: '{ "doubled": trigger.body.n * 2, "method": trigger.method }' },
        },
      ],
      edges: [
        { from: 'trigger', to: 'wait' },
        { from: 'wait', to: 'double' },
      ],
    });
    const exec = await runWorkflow(
      hf,
      {
        id: 'parent',
        steps: [
          { id: 'call', type: 'workflow.call', params: { workflowId: 'child', input: '={ "n": trigger.body.n }' } },
          { id: 'use', type: 'transform', params: { expression: 'steps.call.doubled + 1' } },
        ],
        edges: [
          { from: 'trigger', to: 'call' },
          { from: 'call', to: 'use' },
        ],
      },
      { n: 21 },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'call').output).toEqual({ doubled: 42, method: 'CALL' });
    expect(exec.result).toBe(43);
    // Woken by the child's finish, not by the slow safety-net poll.
    expect(exec.durationMs).toBeLessThan(1500);
  });

  it('workflow.call fails when the called workflow fails; fail stops with its message and code', async () => {
    await createWorkflow(hf, {
      id: 'failing-child',
      steps: [
        { id: 'stop', type: 'fail', params: { message: '="no stock for " & trigger.body.sku', code: 'out_of_stock' } },
      ],
      edges: [{ from: 'trigger', to: 'stop' }],
    });
    const exec = await runWorkflow(hf, {
      id: 'parent-of-failing',
      steps: [{ id: 'call', type: 'workflow.call', params: { workflowId: 'failing-child', input: { sku: 'X1' } } }],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(exec.status).toBe('failed');
    expect(exec.error).toMatchObject({ stepId: 'call', code: 'called_workflow_failed' });
    expect(exec.error.message).toContain('no stock for X1');
    const children = await hf.api('/api/executions?workflowId=failing-child');
    expect(children.body.items[0].error).toMatchObject({
      code: 'out_of_stock',
      message: 'no stock for X1',
      stepId: 'stop',
    });
  });

  it('forEach inside forEach: keys like outer[1].inner[0].step, results nested in order', async () => {
    const exec = await runWorkflow(
      hf,
      {
        id: 'nested-loops',
        steps: [
          { id: 'outer', type: 'forEach', params: { items: '=trigger.body.rows', concurrency: 2 } },
          { id: 'inner', type: 'forEach', params: { items: '=item', concurrency: 3 } },
          { id: 'cell', type: 'transform', params: { expression: 'item * 10' } },
        ],
        edges: [
          { from: 'trigger', to: 'outer' },
          { from: 'outer', to: 'inner', branch: 'each' },
          { from: 'inner', to: 'cell', branch: 'each' },
        ],
      },
      { rows: [[1, 2], [3], []] },
    );
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'outer').output).toEqual([[10, 20], [30], []]);
    expect(step(exec, 'outer[1].inner[0].cell').output).toBe(30);
  });

  it('a step reached both from inside and outside a loop body is a validation error', async () => {
    const res = await hf.api('/api/workflows/validate', {
      body: {
        id: 'leaky-loop',
        name: 'x',
        trigger: { type: 'webhook' },
        steps: [
          { id: 'loop', type: 'forEach', params: { items: [1] } },
          { id: 'body', type: 'transform', params: { expression: 'item' } },
          { id: 'after', type: 'transform', params: { expression: '1' } },
        ],
        edges: [
          { from: 'trigger', to: 'loop' },
          { from: 'loop', to: 'body', branch: 'each' },
          { from: 'body', to: 'after' },
          { from: 'loop', to: 'after', branch: 'done' },
        ],
      },
    });
    expect(res.body.valid).toBe(false);
    expect(res.body.errors).toEqual([
      { pointer: '/steps/2', message: expect.stringContaining('inside the body of forEach "loop"') },
    ]);
  });
  it('a workflow calling itself stops at the nesting limit instead of fanning out forever', async () => {
    const exec = await runWorkflow(hf, {
      id: 'recursive',
      steps: [{ id: 'again', type: 'workflow.call', params: { workflowId: 'recursive', input: {} } }],
      edges: [{ from: 'trigger', to: 'again' }],
    });
    expect(exec.status).toBe('failed');
    expect(exec.error.message).toContain('nested deeper than 10 levels');
    expect((await hf.api('/api/executions?workflowId=recursive&limit=500')).body.items).toHaveLength(11);
  });
  it('respond answers a sync-mode trigger end to end', async () => {
    const res = await hf.api('/api/workflows', {
      body: {
        id: 'sync-respond',
        name: 'sync',
        trigger: { type: 'webhook', methods: ['POST'], response: { mode: 'sync' } },
        steps: [
          {
            id: 'answer',
            type: 'respond',
            params: { status: 201, headers: { 'x-order': '=trigger.body.id' }, body: '={ "ok": trigger.body.id }' },
          },
        ],
        edges: [{ from: 'trigger', to: 'answer' }],
      },
    });
    expect(res.status).toBe(201);
    const reply = await fetch(res.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"B-2"}',
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('x-order')).toBe('B-2');
    expect(await reply.json()).toEqual({ ok: 'B-2' });
  });
});

// The management API for workflows and executions: CRUD, versions, validation errors by
// pointer, pagination, and that a refused write changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const doc = (over: Record<string, unknown> = {}) => ({
  id: 'api-wf',
  name: 'API workflow',
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n * 2 }' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
  ...over,
});

describe('workflows API', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow({ PUBLIC_URL: 'https://hooks.example.org' });
  });
  afterAll(() => hf?.close());

  it('rejects an invalid document with every problem by JSON pointer, storing nothing', async () => {
    const bad = {
      id: 'Bad Id',
      name: '',
      trigger: { type: 'webhook', methods: ['FETCH'] },
      steps: [
        { id: 'a', type: 'http.request', params: { url: 42, method: 'YELL' } },
        { id: 'b', type: 'no.such.node' },
        { id: 'c', type: 'transform', params: { expression: '$sum(' } },
        { id: 'd', type: 'if', params: { condition: '=steps.a.status = 200' } },
        { id: 'a', type: 'transform', params: { expression: '1' } },
      ],
      edges: [
        { from: 'trigger', to: 'a' },
        { from: 'a', to: 'ghost' },
        { from: 'nobody', to: 'c' },
        { from: 'a', to: 'd' },
        { from: 'd', to: 'c' },
        { from: 'c', to: 'd', branch: 'true' },
      ],
    };
    const res = await hf.api('/api/workflows', { body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const messages = res.body.error.details.map(
      (p: { pointer: string; message: string }) => `${p.pointer}: ${p.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/id: Use lower-case letters, digits, - and _/),
        '/name: Fill in name',
        expect.stringMatching(/^\/trigger\/methods\/0: Choose one of "GET", "POST"/),
        '/steps/0/params/url: Enter text',
        expect.stringMatching(/^\/steps\/0\/params\/method: Choose one of/),
        '/steps/1/type: unknown node type "no.such.node"',
        expect.stringMatching(/^\/steps\/2\/params\/expression: JSONata syntax error/),
        '/steps/4/id: duplicate step id "a"',
        '/edges/1/to: unknown step "ghost"',
        '/edges/2/from: unknown step "nobody"',
        expect.stringMatching(/^\/edges\/4\/branch: edges from "d" must name a branch: true, false/),
        expect.stringMatching(/cycle: /),
      ]),
    );
    expect((await hf.api('/api/workflows')).body.items).toEqual([]);
    const check = await hf.api('/api/workflows/validate', { body: bad });
    expect(check.status).toBe(200);
    expect(check.body.valid).toBe(false);
    expect(check.body.errors.length).toBe(res.body.error.details.length);
  });

  it('rejects malformed JSON and non-object bodies with 400', async () => {
    const res = await hf.api('/api/workflows', { body: '{"id": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    const arr = await hf.api('/api/workflows', { body: [1, 2] });
    expect(arr.status).toBe(400);
    expect(arr.body.error.details).toEqual([{ pointer: '/', message: 'a workflow must be a JSON object' }]);
    expect((await hf.api('/api/workflows')).body.items).toEqual([]);
  });

  it('creates, reads, updates into versions, restores and deletes', async () => {
    const created = await hf.api('/api/workflows', { body: doc() });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/workflows/api-wf');
    expect(created.body).toMatchObject({ id: 'api-wf', version: 1, active: true, lastExecution: null });
    expect(created.body.triggerUrl).toMatch(/^https:\/\/hooks\.example\.org\/hooks\/[A-Za-z0-9_-]{32}$/);
    expect(created.body.testUrl).toBe(`${created.body.triggerUrl}/test`);

    const dup = await hf.api('/api/workflows', { body: doc() });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('workflow_exists');

    const updated = await hf.api('/api/workflows/api-wf', { method: 'PUT', body: doc({ name: 'Renamed' }) });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, name: 'Renamed' });
    expect(updated.body.triggerUrl).toBe(created.body.triggerUrl);

    const mismatch = await hf.api('/api/workflows/api-wf', { method: 'PUT', body: doc({ id: 'other' }) });
    expect(mismatch.status).toBe(400);
    const invalidPut = await hf.api('/api/workflows/api-wf', { method: 'PUT', body: doc({ steps: 'nope' }) });
    expect(invalidPut.status).toBe(400);
    expect((await hf.api('/api/workflows/api-wf')).body.version).toBe(2);
    const missingPut = await hf.api('/api/workflows/nope', { method: 'PUT', body: doc({ id: 'nope' }) });
    expect(missingPut.status).toBe(404);

    const versions = await hf.api('/api/workflows/api-wf/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await hf.api('/api/workflows/api-wf/versions/1');
    expect(v1.body.document.name).toBe('API workflow');
    expect((await hf.api('/api/workflows/api-wf/versions/x')).status).toBe(400);
    expect((await hf.api('/api/workflows/api-wf/versions/7')).status).toBe(404);
    const restored = await hf.api('/api/workflows/api-wf/versions/1/restore', { method: 'POST' });
    expect(restored.body).toMatchObject({ version: 3, name: 'API workflow' });

    expect((await hf.api('/api/workflows/api-wf', { method: 'DELETE' })).status).toBe(204);
    expect((await hf.api('/api/workflows/api-wf')).status).toBe(404);
    expect((await hf.api('/api/workflows/api-wf', { method: 'DELETE' })).status).toBe(404);
    expect(
      (await fetch(created.body.triggerUrl.replace('https://hooks.example.org', hf.url), { method: 'POST' })).status,
    ).toBe(404);
  });

  it('lists executions with filters and cursor pagination', async () => {
    const { body: wf } = await hf.api('/api/workflows', { body: doc({ id: 'pager' }) });
    const url = wf.triggerUrl.replace('https://hooks.example.org', hf.url);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      });
      ids.push((await res.json()).executionId);
    }
    for (const id of ids) await waitForExecution(hf, id);
    const page1 = await hf.api('/api/executions?workflowId=pager&limit=2');
    expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[3]]);
    const page2 = await hf.api(`/api/executions?workflowId=pager&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([ids[2], ids[1]]);
    const ok = await hf.api('/api/executions?workflowId=pager&status=succeeded&limit=10');
    expect(ok.body.items).toHaveLength(5);
    expect((await hf.api('/api/executions?workflowId=pager&status=failed')).body.items).toHaveLength(0);
    const one = await hf.api(`/api/executions/${ids[3]}`);
    expect(one.body.steps[0]).toMatchObject({ stepId: 'shape', status: 'succeeded', attempt: 1, output: { n: 6 } });
    expect((await hf.api('/api/workflows/pager')).body.lastExecution.id).toBe(ids[4]);

    const bad = await hf.api('/api/executions?status=bogus&limit=0&cursor=x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/query/status',
      '/query/limit',
      '/query/cursor',
    ]);
    expect((await hf.api('/api/executions/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await hf.api('/api/nothing-here')).body.error.code).toBe('not_found');
  });

  it('serves the node catalogue and health', async () => {
    const types = await hf.api('/api/node-types');
    const names = types.body.items.map((t: { type: string }) => t.type);
    expect(names).toEqual(expect.arrayContaining(['transform', 'if', 'http.request']));
    expect(types.body.items.find((t: { type: string }) => t.type === 'if').outputs).toEqual(['true', 'false']);
    expect((await hf.api('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await hf.api('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', store: { ok: true }, queue: { ok: true } });
  });
});

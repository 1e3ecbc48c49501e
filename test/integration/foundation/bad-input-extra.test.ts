// Bad input that used to turn into a 500: malformed percent-encoding in an API URL, a
// restored version that no longer validates, and reply headers HTTP cannot carry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

describe('bad input that must not become a 500', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(() => hf?.close());

  it('a URL parameter that is not valid percent-encoding → 400', async () => {
    const res = await hf.api('/api/workflows/%E0');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('restoring a version that no longer validates → 400 with pointers, and nothing changes', async () => {
    const doc = {
      id: 'restore-me',
      name: 'Restore me',
      trigger: { type: 'webhook' },
      steps: [{ id: 't', type: 'transform', params: { expression: '1' } }],
      edges: [{ from: 'trigger', to: 't' }],
    };
    expect((await hf.api('/api/workflows', { body: doc })).status).toBe(201);
    // A version written by an older release, whose node type no longer exists.
    await hf.store.saveWorkflow({ ...doc, steps: [{ id: 't', type: 'retired.node' }] } as never, 'old-release');
    await hf.store.saveWorkflow(doc as never, 'api');
    const before = await hf.store.getWorkflow('restore-me');
    const res = await hf.api('/api/workflows/restore-me/versions/2/restore', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual({
      pointer: '/steps/0/type',
      message: 'unknown node type "retired.node"',
    });
    expect(await hf.store.getWorkflow('restore-me')).toEqual(before);
  });

  it('a sync reply header with characters HTTP cannot carry is dropped, not a 500', async () => {
    const created = await hf.api('/api/workflows', {
      body: {
        id: 'sync-headers',
        name: 'Sync headers',
        trigger: { type: 'webhook', response: { mode: 'sync' } },
        steps: [
          {
            id: 'answer',
            type: 'respond',
            params: {
              status: 200,
              headers: { 'x-name': '=trigger.body.name', 'x-ok': 'yes' },
              body: '={ "hi": trigger.body.name }',
            },
          },
        ],
        edges: [{ from: 'trigger', to: 'answer' }],
      },
    });
    expect(created.status).toBe(201);
    const res = await fetch(created.body.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ωmega 🚀' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ok')).toBe('yes');
    expect(res.headers.get('x-name')).toBeNull();
    expect(await res.json()).toEqual({ hi: 'Ωmega 🚀' });
  });
});

// Dedupe through the real server: the store claims the key atomically with the commit, so
// concurrent retries of one event make exactly one execution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('trigger dedupe', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
  });

  it('50 concurrent copies of one event with the same key → exactly one execution', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('dd-expr', { dedupe: { key: '=trigger.body.event.id' } }));
    const body = JSON.stringify({ event: { id: 'evt_42' }, n: 1 });
    const replies = await Promise.all(Array.from({ length: 50 }, () => post(url, body)));
    const created = replies.filter((r) => r.status === 202);
    const duplicates = replies.filter((r) => r.status === 200);
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(49);
    const id = created[0].body.executionId;
    for (const d of duplicates) expect(d.body).toEqual({ executionId: id, status: 'duplicate' });
    expect(await countExecutions(hf, 'dd-expr')).toBe(1);
    // Another event id is not a duplicate.
    expect((await post(url, JSON.stringify({ event: { id: 'evt_43' } }))).status).toBe(202);
    expect(await countExecutions(hf, 'dd-expr')).toBe(2);
  });

  it('a header key; requests without the header are not deduplicated', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('dd-hdr', { dedupe: { header: 'X-GitHub-Delivery' } }));
    const first = await post(url, '{}', { 'x-github-delivery': 'd-1' });
    const again = await post(url, '{"other":true}', { 'x-github-delivery': 'd-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ executionId: first.body.executionId, status: 'duplicate' });
    expect(again.headers.get('location')).toBe(`/api/executions/${first.body.executionId}`);
    await post(url, '{}');
    await post(url, '{}');
    expect(await countExecutions(hf, 'dd-hdr')).toBe(3);
  });

  it('a key stops blocking after its window', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('dd-window', { dedupe: { header: 'x-id', window: '300ms' } }));
    expect((await post(url, '{}', { 'x-id': 'a' })).status).toBe(202);
    expect((await post(url, '{}', { 'x-id': 'a' })).status).toBe(200);
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await post(url, '{}', { 'x-id': 'a' })).status;
    }
    expect(status).toBe(202);
    expect(await countExecutions(hf, 'dd-window')).toBe(2);
  });
});

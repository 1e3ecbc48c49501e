// The executions list at scale (issue 13, item 4): every one of 200 executions reachable
// through the cursor, search by execution id and by payload text, one workflow or all, test
// runs apart from production; bad queries get a clear 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

const doc = (id: string) => ({
  id,
  name: id,
  active: true,
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{ "n": trigger.body.n }' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
});

describe('executions list: paging, search, all workflows', () => {
  let hf: TestHookflow;
  const ids: string[] = [];
  beforeAll(async () => {
    hf = await startHookflow();
    const urls: string[] = [];
    for (const id of ['orders', 'refunds'])
      urls.push((await hf.api('/api/workflows', { body: doc(id) })).body.triggerUrl);
    for (let i = 0; i < 200; i++) {
      const res = await fetch(urls[i % 2], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          n: i,
          customer: `customer-${i}@shop.test`,
          note: i === 117 ? 'Needle in 100% hay' : 'hay',
        }),
      });
      ids.push(((await res.json()) as { executionId: string }).executionId);
    }
    await waitForExecution(hf, ids[199], 60_000);
  }, 120_000);
  afterAll(() => hf?.close());

  const all = async (query: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await hf.api(`/api/executions?${query}&limit=30${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return seen;
  };

  // Newest first means by id, descending: ids are time-ordered to the millisecond, and two
  // requests answered within the same millisecond may sort either way.
  const newestFirst = (list: string[]) => [...list].sort().reverse();

  it('reaches every execution of one workflow, and of all workflows, through the cursor', async () => {
    expect(await all('workflowId=orders')).toEqual(newestFirst(ids.filter((_, i) => i % 2 === 0)));
    expect(await all('kind=all')).toEqual(newestFirst(ids));
  });

  it('finds executions by id and by payload text, in one workflow or across all', async () => {
    expect(await all(`q=${ids[42]}`)).toEqual([ids[42]]);
    expect(await all(`q=${ids[42].toLowerCase()}`)).toEqual([ids[42]]);
    expect(await all(`q=${encodeURIComponent('needle IN 100%')}`)).toEqual([ids[117]]);
    expect(await all(`q=${encodeURIComponent('customer-11')}&workflowId=refunds`)).toEqual(
      newestFirst([11, 111, 113, 115, 117, 119].map((i) => ids[i])),
    );
    expect(await all(`q=${encodeURIComponent('customer-19')}`)).toHaveLength(11);
    expect(await all('q=nothing-matches')).toEqual([]);
  });

  it('keeps production and test runs apart', async () => {
    expect(await all('kind=production')).toHaveLength(200);
    expect(await all('kind=test')).toEqual([]);
  });

  it('refuses bad queries with a clear 400', async () => {
    for (const q of ['kind=staging', `q=${'x'.repeat(201)}`, 'replayOf=nope', 'q=a&q=b', 'limit=0', 'cursor=abc']) {
      const res = await hf.api(`/api/executions?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
  });
});

describe('executions search for viewers who may not see payloads', () => {
  let hf: TestHookflow;
  let viewerKey: string;
  let id: string;
  beforeAll(async () => {
    hf = await startHookflow({ VIEWER_HIDE_PAYLOADS: 'true' });
    const url = (await hf.api('/api/workflows', { body: doc('secretive') })).body.triggerUrl;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1, ssn: '078-05-1120' }),
    });
    id = ((await res.json()) as { executionId: string }).executionId;
    viewerKey = (await hf.api('/api/auth/keys', { body: { name: 'viewer', role: 'viewer' } })).body.key;
  });
  afterAll(() => hf?.close());

  it('may find by id but may not probe payload text, which an editor may', async () => {
    const byId = await hf.api(`/api/executions?q=${id}`, { auth: viewerKey });
    expect(byId.status).toBe(200);
    expect(byId.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    const probe = await hf.api('/api/executions?q=078-05', { auth: viewerKey });
    expect(probe.status).toBe(403);
    expect(probe.body.error.code).toBe('forbidden');
    expect((await hf.api('/api/executions?q=078-05')).body.items).toHaveLength(1);
  });
});

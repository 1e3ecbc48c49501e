// Store contract, execution history and search (issue 13): test runs with their document,
// replay links, the earlier attempts a retry keeps, and search by id and payload text.
// Registered for every adapter by store-contract.test.ts beside the main contract.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import type { Store } from '../../../server/store/store.ts';
import { type StoreFactory, sampleDoc } from './store-contract.ts';

const trigger = (body: unknown) => ({
  method: 'POST',
  path: '/hooks/x',
  headers: { 'x-shop': 'Acme' },
  query: {},
  body,
  receivedAt: new Date().toISOString(),
});

export function describeExecutionHistoryContract(name: string, factory: StoreFactory): void {
  describe(`Store contract, execution history: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    const create = async (workflowId: string, body: unknown, more: Record<string, unknown> = {}, at = Date.now()) => {
      const id = ulid(at);
      await store.createExecution({
        id,
        workflowId,
        workflowVersion: 1,
        trigger: trigger(body),
        createdAt: at,
        ...more,
      });
      return id;
    };

    it('keeps a test run apart with the document it ran, and replays linked to their original', async () => {
      const base = Date.now();
      const prod = await create('w', { n: 1 }, {}, base);
      const test = await create('w', { n: 2 }, { testRun: true, document: sampleDoc('w') }, base + 1);
      const replay = await create('w', { n: 1 }, { replayOf: prod }, base + 2);
      expect(await store.getExecution(test)).toMatchObject({ testRun: true, document: sampleDoc('w'), replayOf: null });
      expect(await store.getExecution(prod)).toMatchObject({ testRun: false, replayOf: null, attempts: [] });
      expect((await store.getExecution(replay))?.replayOf).toBe(prod);
      const ids = async (f: Partial<Parameters<Store['listExecutions']>[0]>) =>
        (await store.listExecutions({ limit: 10, ...f })).items.map((e) => e.id);
      expect(await ids({ testRun: true })).toEqual([test]);
      expect(await ids({ testRun: false })).toEqual([replay, prod]);
      expect(await ids({})).toEqual([replay, test, prod]);
      expect(await ids({ replayOf: prod })).toEqual([replay]);
    });

    it('reopens a failed execution on another version, keeping its earlier attempts', async () => {
      const id = await create('w', { n: 1 });
      await store.claimExecution(id, 'p1', 60_000);
      await store.finishExecution(id, 'p1', { status: 'failed', error: { message: 'boom' } });
      const attempt = {
        attempt: 1,
        workflowVersion: 1,
        status: 'failed' as const,
        error: { message: 'boom' },
        startedAt: 1,
        finishedAt: 2,
        steps: [],
      };
      expect(await store.reopenExecution(id, { workflowVersion: 3, attempts: [attempt] })).toBe(true);
      const row = await store.getExecution(id);
      expect(row).toMatchObject({ status: 'queued', workflowVersion: 3, attempts: [attempt], error: null });
      // Only a failed execution reopens: a second retry racing the first changes nothing.
      expect(await store.reopenExecution(id, { workflowVersion: 4, attempts: [] })).toBe(false);
      expect((await store.getExecution(id))?.workflowVersion).toBe(3);
    });

    it('searches by execution id and by payload text, literally and without case, across workflows', async () => {
      const base = Date.now();
      const a = await create('a', { email: 'Ann@Example.org', note: '100% sure' }, {}, base);
      const b = await create('b', { email: 'bob@example.org', note: 'say "hi"_now' }, {}, base + 1);
      const c = await create('a', { email: 'carl@other.net' }, {}, base + 2);
      const found = async (search: string, more: Record<string, unknown> = {}) =>
        (await store.listExecutions({ limit: 10, search, ...more })).items.map((e) => e.id);
      expect(await found('ann@example')).toEqual([a]);
      expect(await found('EXAMPLE.ORG')).toEqual([b, a]);
      expect(await found('example.org', { workflowId: 'a' })).toEqual([a]);
      expect(await found(b.toLowerCase())).toEqual([b]);
      expect(await found('acme')).toEqual([c, b, a]); // headers are part of the payload
      // LIKE and regex wildcards are literal; quotes match as typed.
      expect(await found('100%')).toEqual([a]);
      expect(await found('0%')).toEqual([a]);
      expect(await found('_now')).toEqual([b]);
      expect(await found('%')).toEqual([a]);
      expect(await found('.*')).toEqual([]);
      expect(await found('"hi"')).toEqual([b]);
      expect(await found('nothing like it')).toEqual([]);
      // Pages through search results with the cursor.
      const first = await store.listExecutions({ limit: 1, search: 'example' });
      expect(first.items.map((e) => e.id)).toEqual([b]);
      const next = await store.listExecutions({ limit: 1, search: 'example', cursor: first.nextCursor ?? '' });
      expect(next.items.map((e) => e.id)).toEqual([a]);
      expect(next.nextCursor).toBeNull();
    });
  });
}

// The Store contract: every adapter must pass these. Registered per adapter by
// store-contract.test.ts (sqlite always; mongo when MONGODB_URI is set).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import type { Store } from '../../../server/store/store.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

export const sampleDoc = (id = 'wf-1', extra: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  id,
  name: `Workflow ${id}`,
  trigger: { type: 'webhook' },
  steps: [{ id: 'shape', type: 'transform', params: { expression: '{"a": 1}' } }],
  edges: [{ from: 'trigger', to: 'shape' }],
  ...extra,
});

const trigger = {
  method: 'POST',
  path: '/hooks/x',
  headers: {},
  query: {},
  body: { n: 1 },
  receivedAt: new Date().toISOString(),
};

/** A succeeded step record of execution `id`, key and step id `key`. */
const finishedStep = (id: string, key: string, output: unknown) => ({
  executionId: id,
  key,
  stepId: key,
  type: 'transform',
  status: 'succeeded' as const,
  attempt: 1,
  input: null,
  output,
  branches: null,
  error: null,
  wait: null,
  startedAt: 1,
  finishedAt: 2,
});

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('creates a workflow with version 1, a token of at least 128 bits, and active by default', async () => {
      const { row, created, changed } = await store.saveWorkflow(sampleDoc(), 'test');
      expect(created).toBe(true);
      expect(changed).toBe(true);
      expect(row.version).toBe(1);
      expect(row.active).toBe(true);
      expect(Buffer.from(row.token, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(row.document).not.toHaveProperty('active');
      expect(await store.findByToken(row.token)).toEqual({ workflowId: 'wf-1', version: 1, active: true });
    });

    it('adds a version only when the document changes, keeping history', async () => {
      await store.saveWorkflow(sampleDoc(), 'test');
      const same = await store.saveWorkflow(sampleDoc(), 'test');
      expect(same.changed).toBe(false);
      expect(same.row.version).toBe(1);
      const next = await store.saveWorkflow(sampleDoc('wf-1', { name: 'Renamed' }), 'api');
      expect(next.changed).toBe(true);
      expect(next.row.version).toBe(2);
      const versions = await store.listVersions('wf-1');
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
      expect((await store.getVersion('wf-1', 1))?.document.name).toBe('Workflow wf-1');
      expect(await store.getVersion('wf-1', 9)).toBeNull();
    });

    it('lists every trigger token, current after a rotation and a delete', async () => {
      const a = (await store.saveWorkflow(sampleDoc('wf-a'), 'test')).row;
      const b = (await store.saveWorkflow(sampleDoc('wf-b'), 'test')).row;
      expect(store.listTriggerTokens).toBeDefined();
      const list = () => store.listTriggerTokens!().then((t) => [...t].sort());
      expect(await list()).toEqual([a.token, b.token].sort());
      const rotated = await store.rotateToken('wf-a');
      await store.deleteWorkflow('wf-b');
      expect(await list()).toEqual([rotated?.token]);
    });

    it('activates, deactivates, rotates tokens and deletes', async () => {
      const { row } = await store.saveWorkflow(sampleDoc(), 'test');
      expect((await store.setActive('wf-1', false))?.active).toBe(false);
      expect((await store.findByToken(row.token))?.active).toBe(false);
      const rotated = await store.rotateToken('wf-1');
      expect(rotated?.token).not.toBe(row.token);
      expect(await store.findByToken(row.token)).toBeNull();
      expect(await store.setActive('missing', true)).toBeNull();
      expect(await store.deleteWorkflow('wf-1')).toBe(true);
      expect(await store.deleteWorkflow('wf-1')).toBe(false);
      expect(await store.getWorkflow('wf-1')).toBeNull();
      expect(await store.listVersions('wf-1')).toEqual([]);
    });

    it('creates executions queued and lists them newest first with a cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = ulid(Date.now() + i);
        ids.push(id);
        await store.createExecution({
          id,
          workflowId: i % 2 ? 'a' : 'b',
          workflowVersion: 1,
          trigger,
          createdAt: Date.now() + i,
        });
      }
      const first = await store.listExecutions({ limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual([ids[4], ids[3]]);
      expect(first.items[0].status).toBe('queued');
      const second = await store.listExecutions({ limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((e) => e.id)).toEqual([ids[2], ids[1]]);
      const last = await store.listExecutions({ limit: 2, cursor: second.nextCursor! });
      expect(last.items.map((e) => e.id)).toEqual([ids[0]]);
      expect(last.nextCursor).toBeNull();
      const onlyA = await store.listExecutions({ limit: 10, workflowId: 'a' });
      expect(onlyA.items.map((e) => e.id)).toEqual([ids[3], ids[1]]);
      expect((await store.getExecution(ids[0]))?.trigger).toEqual(trigger);
    });

    it('deduplicates atomically within the window and not after it', async () => {
      const now = Date.now();
      const make = (id: string, at: number) =>
        store.createExecution(
          { id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: at },
          { key: 'evt-1', expiresAt: at + 1000 },
        );
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => make(ulid(now + i), now)));
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const winner = (created[0] as { id: string }).id;
      for (const r of results) if (!r.created) expect(r.existingId).toBe(winner);
      expect((await store.listExecutions({ limit: 50, workflowId: 'w' })).items).toHaveLength(1);
      const later = await make(ulid(now + 5000), now + 5000);
      expect(later.created).toBe(true);
    });

    it('leases executions to one owner, suspends, finishes and requeues', async () => {
      const id = ulid();
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      const a = await store.claimExecution(id, 'worker-a', 10_000);
      expect(a?.status).toBe('running');
      expect(await store.claimExecution(id, 'worker-b', 10_000)).toBeNull();
      expect(await store.renewLease(id, 'worker-b', 10_000)).toBe(false);
      expect(await store.renewLease(id, 'worker-a', 10_000)).toBe(true);
      // An expired lease can be taken over by another worker.
      expect(await store.claimExecution(id, 'worker-b', 10_000, Date.now() + 20_000)).not.toBeNull();
      expect(await store.finishExecution(id, 'worker-a', { status: 'succeeded' })).toBe(false);
      const runAt = Date.now() + 60_000;
      expect(await store.suspendExecution(id, 'worker-b', runAt)).toBe(true);
      expect((await store.getExecution(id))?.status).toBe('waiting');
      expect(await store.claimExecution(id, 'worker-b', 10_000)).toBeNull();
      expect(await store.claimExecution(id, 'worker-b', 10_000, runAt + 1)).not.toBeNull();
      expect(await store.finishExecution(id, 'worker-b', { status: 'succeeded', result: { x: 1 } })).toBe(true);
      const done = await store.getExecution(id);
      expect(done?.status).toBe('succeeded');
      expect(done?.result).toEqual({ x: 1 });
      expect(done?.finishedAt).not.toBeNull();
      expect(await store.claimExecution(id, 'worker-c', 10_000, Date.now() + 99_999)).toBeNull();
    });

    it('lists unfinished executions and returns running ones to the queue', async () => {
      const [q, r, d] = [ulid(), ulid(), ulid()];
      for (const id of [q, r, d]) {
        await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      }
      await store.claimExecution(r, 'w1', 60_000);
      await store.claimExecution(d, 'w1', 60_000);
      await store.finishExecution(d, 'w1', { status: 'failed', error: { message: 'boom' } });
      const unfinished = await store.listUnfinished(100);
      expect(unfinished.map((e) => e.id).sort()).toEqual([q, r].sort());
      expect(await store.requeueRunning()).toBe(1);
      expect((await store.getExecution(r))?.status).toBe('queued');
      expect(await store.reopenExecution(d)).toBe(true);
      expect((await store.getExecution(d))?.status).toBe('queued');
      expect(await store.reopenExecution(q)).toBe(false);
    });

    it('pages unfinished executions by id and leaves out waits not due by the given time', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = ulid();
        ids.push(id);
        await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      }
      ids.sort(); // ulids within one millisecond need not ascend
      const now = Date.now();
      await store.claimExecution(ids[1], 'w1', 60_000, now);
      await store.suspendExecution(ids[1], 'w1', now + 10_000);
      await store.claimExecution(ids[2], 'w1', 60_000, now);
      await store.suspendExecution(ids[2], 'w1', now + 5);
      expect((await store.listUnfinished(2)).map((e) => e.id)).toEqual([ids[0], ids[1]]);
      expect((await store.listUnfinished(2, { after: ids[1] })).map((e) => e.id)).toEqual([ids[2], ids[3]]);
      const due = await store.listUnfinished(10, { dueBy: now + 5 });
      expect(due.map((e) => e.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
      expect(due[1]).toEqual({ id: ids[2], status: 'waiting', runAt: now + 5, leaseUntil: null });
      expect((await store.listUnfinished(10, { after: ids[2], dueBy: now + 10_000 })).map((e) => e.id)).toEqual([
        ids[3],
        ids[4],
      ]);
    });

    it('grants a named lease to one owner until it expires, and renews it for that owner', async () => {
      const now = Date.now();
      expect(await store.tryAcquireLease('sweep', 'a', 1000, now)).toBe(true);
      expect(await store.tryAcquireLease('sweep', 'b', 1000, now + 10)).toBe(false);
      expect(await store.tryAcquireLease('other', 'b', 1000, now + 10)).toBe(true);
      expect(await store.tryAcquireLease('sweep', 'a', 1000, now + 500)).toBe(true);
      // a's renewal runs to now + 1500: b still waits at now + 1200, takes over after.
      expect(await store.tryAcquireLease('sweep', 'b', 1000, now + 1200)).toBe(false);
      expect(await store.tryAcquireLease('sweep', 'b', 1000, now + 1500)).toBe(true);
      expect(await store.tryAcquireLease('sweep', 'a', 1000, now + 1600)).toBe(false);
      const racers = await Promise.all(['c', 'd', 'e', 'f'].map((o) => store.tryAcquireLease('race', o, 1000, now)));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('checkpoints step records, upserting by key', async () => {
      const id = ulid();
      const base = {
        executionId: id,
        key: 'shape',
        stepId: 'shape',
        type: 'transform',
        attempt: 1,
        input: { a: 1 },
        output: null,
        branches: null,
        error: { message: 'temporary' },
        wait: null,
        startedAt: 1000,
        finishedAt: 1100,
      };
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      await store.claimExecution(id, 'w1', 60_000);
      const wait = { kind: 'retry' as const, resumeAt: 5000, state: { n: [1] } };
      expect(await store.saveStepRecords([{ ...base, status: 'waiting', wait }], 'w1')).toBe(true);
      // The wait is its own field, read back as written (not hidden in the output).
      expect((await store.listStepRecords(id)).map((s) => [s.status, s.wait, s.output])).toEqual([
        ['waiting', wait, null],
      ]);
      await store.saveStepRecords(
        [{ ...base, status: 'succeeded', attempt: 2, output: { ok: true }, error: null, wait: null, startedAt: 2000 }],
        'w1',
      );
      await store.saveStepRecords([{ ...base, key: 'next', stepId: 'next', status: 'skipped', startedAt: 3000 }], 'w1');
      const steps = await store.listStepRecords(id);
      expect(steps.map((s) => [s.key, s.status, s.attempt])).toEqual([
        ['shape', 'succeeded', 2],
        ['next', 'skipped', 1],
      ]);
      expect(steps[0].output).toEqual({ ok: true });
      await store.deleteStepRecords(id, ['next']);
      expect((await store.listStepRecords(id)).map((s) => s.key)).toEqual(['shape']);
    });

    it('writes step records only for the worker holding the running lease (fencing)', async () => {
      const id = ulid();
      const rec = (output: unknown) => finishedStep(id, 's', output);
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      // Not claimed yet: nobody may write.
      expect(await store.saveStepRecords([rec('early')], 'a')).toBe(false);
      await store.claimExecution(id, 'a', 1000);
      expect(await store.saveStepRecords([rec('a1')], 'a')).toBe(true);
      // b takes over the expired lease; a, stalled, must not overwrite b's record.
      await store.claimExecution(id, 'b', 60_000, Date.now() + 5000);
      expect(await store.saveStepRecords([rec('b1')], 'b')).toBe(true);
      expect(await store.saveStepRecords([rec('a2')], 'a')).toBe(false);
      expect((await store.listStepRecords(id)).map((s) => s.output)).toEqual(['b1']);
      await store.finishExecution(id, 'b', { status: 'succeeded' });
      expect(await store.saveStepRecords([rec('b2')], 'b')).toBe(false);
      expect((await store.listStepRecords(id)).map((s) => s.output)).toEqual(['b1']);
    });

    it('tells in the claim whether step records exist, and never says none when one does', async () => {
      const id = ulid();
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      const first = await store.claimExecution(id, 'a', 1000);
      // Optional for an adapter (MongoDB does not check): unset means "read them".
      if (name !== 'mongo') expect(first?.noStepRecords).toBe(true);
      expect(await store.saveStepRecords([finishedStep(id, 's', 1)], 'a')).toBe(true);
      const again = await store.claimExecution(id, 'b', 60_000, Date.now() + 5000);
      expect(again?.noStepRecords).toBeUndefined();
      expect((await store.listStepRecords(id)).map((r) => r.key)).toEqual(['s']);
    });

    it('writes several step records all or none, and a finish with its records in one fenced write', async () => {
      const id = ulid();
      const rec = (key: string, output: unknown) => finishedStep(id, key, output);
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      await store.claimExecution(id, 'a', 1000);
      expect(await store.saveStepRecords([rec('s1', 1), rec('s2', 2)], 'a')).toBe(true);
      expect(await store.saveStepRecords([], 'a')).toBe(true);
      if (name !== 'mongo') {
        // One record the database refuses (a NOT NULL column) undoes the whole write (MongoDB
        // has no transaction here: its adapter writes in order and may leave the first).
        const broken = { ...rec('x2', 2), type: null as unknown as string };
        await expect(store.saveStepRecords([rec('x1', 1), broken], 'a')).rejects.toThrow();
        expect((await store.listStepRecords(id)).map((s) => s.key)).toEqual(['s1', 's2']);
      }
      // b takes over: a's finish, records included, is refused as a whole.
      await store.claimExecution(id, 'b', 60_000, Date.now() + 5000);
      expect(await store.finishExecution(id, 'a', { status: 'succeeded', steps: [rec('s3', 'a')] })).toBe(false);
      expect(await store.saveStepRecords([rec('s1', 'a'), rec('s3', 'a')], 'a')).toBe(false);
      expect((await store.listStepRecords(id)).map((s) => [s.key, s.output])).toEqual([
        ['s1', 1],
        ['s2', 2],
      ]);
      expect((await store.getExecution(id))?.status).toBe('running');
      // The owner's finish writes the outcome and its records together; a later record write is refused.
      expect(
        await store.finishExecution(id, 'b', {
          status: 'succeeded',
          result: { r: 1 },
          steps: [rec('s2', 'b'), rec('s3', 'b')],
        }),
      ).toBe(true);
      expect((await store.listStepRecords(id)).map((s) => [s.key, s.output])).toEqual([
        ['s1', 1],
        ['s2', 'b'],
        ['s3', 'b'],
      ]);
      expect(await store.getExecution(id)).toMatchObject({ status: 'succeeded', result: { r: 1 } });
      expect(await store.saveStepRecords([rec('s4', 'late')], 'b')).toBe(false);
      expect(await store.finishExecution(id, 'b', { status: 'failed', steps: [rec('s4', 'late')] })).toBe(false);
      expect((await store.listStepRecords(id)).map((s) => s.key)).toEqual(['s1', 's2', 's3']);
    });

    it('counts claims that take over an abandoned lease, and restarts the count on a clean claim', async () => {
      const id = ulid();
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      const t = Date.now();
      expect((await store.claimExecution(id, 'a', 1000, t))?.claims).toBe(1);
      expect((await store.claimExecution(id, 'b', 1000, t + 2000))?.claims).toBe(2);
      expect((await store.claimExecution(id, 'c', 1000, t + 4000))?.claims).toBe(3);
      // A run that parks cleanly hands the execution back: the next claim is a fresh start.
      expect(await store.suspendExecution(id, 'c', t + 5000)).toBe(true);
      expect((await store.claimExecution(id, 'c', 1000, t + 6000))?.claims).toBe(1);
      expect(await store.releaseExecution(id, 'c')).toBe(true);
      expect((await store.claimExecution(id, 'd', 1000, t + 7000))?.claims).toBe(1);
    });

    it('keeps counting claims across a restart that re-queues running executions (poison quarantine)', async () => {
      const id = ulid();
      await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
      for (let run = 1; run <= 3; run++) {
        expect((await store.claimExecution(id, `process-${run}`, 60_000))?.claims).toBe(run);
        // The process died mid-run; the next one starts by taking its running executions back.
        expect(await store.requeueRunning()).toBe(1);
        expect((await store.getExecution(id))?.status).toBe('queued');
      }
      expect((await store.claimExecution(id, 'process-4', 60_000))?.claims).toBe(4);
      await store.finishExecution(id, 'process-4', { status: 'failed', error: { message: 'boom' } });
      // Retrying a failed execution by hand is a fresh start.
      expect(await store.reopenExecution(id)).toBe(true);
      expect((await store.claimExecution(id, 'process-5', 60_000))?.claims).toBe(1);
    });
    it('stores credentials by name: create, replace (keeping createdAt), list, delete', async () => {
      expect(await store.putCredential({ name: 'crm', type: 'bearer', sealed: 'v1:a' }, 1000)).toEqual({
        created: true,
      });
      expect(await store.putCredential({ name: 'crm', type: 'bearer', sealed: 'v1:b' }, 2000)).toEqual({
        created: false,
      });
      await store.putCredential({ name: 'alpha', type: 'basic', sealed: 'v1:c' }, 3000);
      expect(await store.getCredential('crm')).toEqual({
        name: 'crm',
        type: 'bearer',
        sealed: 'v1:b',
        createdAt: 1000,
        updatedAt: 2000,
      });
      expect((await store.listCredentials()).map((c) => c.name)).toEqual(['alpha', 'crm']);
      expect(await store.deleteCredential('crm')).toBe(true);
      expect(await store.deleteCredential('crm')).toBe(false);
      expect(await store.getCredential('crm')).toBeNull();
    });

    it('wakes a waiting execution early, and only a waiting one', async () => {
      await store.saveWorkflow(sampleDoc(), 'test');
      const id = ulid();
      await store.createExecution({ id, workflowId: 'wf-1', workflowVersion: 1, trigger, createdAt: Date.now() });
      expect(await store.wakeExecution(id)).toBe(false); // queued, not waiting
      expect(await store.claimExecution(id, 'w1', 30_000)).not.toBeNull();
      expect(await store.suspendExecution(id, 'w1', Date.now() + 3_600_000)).toBe(true);
      expect(await store.claimExecution(id, 'w1', 30_000)).toBeNull(); // not due yet
      expect(await store.wakeExecution(id)).toBe(true);
      expect(await store.claimExecution(id, 'w1', 30_000)).not.toBeNull();
    });

    it('keeps the newest trigger samples per workflow, newest first', async () => {
      const base = Date.now();
      for (let i = 0; i < 5; i++) {
        await store.saveSample(
          {
            id: ulid(base + i),
            workflowId: 'wf-s',
            receivedAt: base + i,
            method: 'POST',
            path: '/hooks/x/test',
            headers: { 'content-type': 'application/json' },
            query: {},
            body: { i },
            verification: { ok: i % 2 === 0 },
          },
          3,
        );
      }
      await store.saveSample(
        {
          id: ulid(base),
          workflowId: 'wf-other',
          receivedAt: base,
          method: 'GET',
          path: '/',
          headers: {},
          query: {},
          body: null,
          verification: { ok: null },
        },
        3,
      );
      const items = await store.listSamples('wf-s', 20);
      expect(items.map((s) => (s.body as { i: number }).i)).toEqual([4, 3, 2]);
      expect(items[0].verification).toEqual({ ok: true });
      expect(await store.listSamples('wf-other', 20)).toHaveLength(1);
      await store.saveWorkflow(sampleDoc('wf-other'), 'test');
      await store.deleteWorkflow('wf-other');
      expect(await store.listSamples('wf-other', 20)).toEqual([]);
    });

    it('counts running executions per workflow', async () => {
      await store.saveWorkflow(sampleDoc('wf-c'), 'test');
      const ids = [ulid(), ulid(), ulid()];
      for (const id of ids) {
        await store.createExecution({ id, workflowId: 'wf-c', workflowVersion: 1, trigger, createdAt: Date.now() });
      }
      expect(await store.countRunning('wf-c')).toBe(0);
      await store.claimExecution(ids[0], 'w1', 30_000);
      await store.claimExecution(ids[1], 'w1', 30_000);
      expect(await store.countRunning('wf-c')).toBe(2);
      expect(await store.countRunning('wf-none')).toBe(0);
      await store.finishExecution(ids[0], 'w1', { status: 'succeeded' });
      expect(await store.countRunning('wf-c')).toBe(1);
    });

    it('keeps users, sessions and API keys, and revokes keys once', async () => {
      const user = {
        id: ulid(),
        email: 'a@b.c',
        passwordHash: 'scrypt$x',
        role: 'editor' as const,
        createdAt: 1,
        disabledAt: null,
      };
      expect(await store.createUser(user)).toBe(true);
      expect(await store.createUser({ ...user, id: ulid() })).toBe(false);
      expect(await store.getUser(user.id)).toEqual(user);
      expect(await store.getUserByEmail('a@b.c')).toEqual(user);
      expect(await store.getUserByEmail('x@b.c')).toBeNull();
      expect(await store.countUsers()).toBe(1);
      expect((await store.listUsers()).map((u) => u.id)).toEqual([user.id]);

      const session = { tokenHash: 'h1', userId: user.id, csrfToken: 'c', createdAt: 1, expiresAt: 1000 };
      await store.createSession(session);
      await store.createSession({ ...session, tokenHash: 'h2', expiresAt: 5000 });
      expect(await store.getSession('h1')).toEqual(session);
      expect(await store.deleteExpiredSessions(2000)).toBe(1);
      expect(await store.getSession('h1')).toBeNull();
      await store.deleteSession('h2');
      expect(await store.getSession('h2')).toBeNull();

      const key = {
        id: ulid(),
        name: 'ci',
        userId: user.id,
        role: 'viewer' as const,
        prefix: 'hf_abc',
        keyHash: 'kh',
        createdAt: 1,
        lastUsedAt: null,
        revokedAt: null,
        adminKeyHash: null,
      };
      await store.createApiKey(key);
      await store.createApiKey({ ...key, id: ulid(), userId: 'other', keyHash: 'kh2' });
      expect(await store.getApiKeyByHash('kh')).toEqual(key);
      expect((await store.listApiKeys(user.id)).map((k) => k.id)).toEqual([key.id]);
      expect(await store.listApiKeys()).toHaveLength(2);
      await store.touchApiKey(key.id, 50);
      expect((await store.getApiKeyByHash('kh'))?.lastUsedAt).toBe(50);
      expect(await store.revokeApiKey(key.id, 60)).toBe(true);
      expect(await store.revokeApiKey(key.id, 70)).toBe(false);
      expect((await store.getApiKeyByHash('kh'))?.revokedAt).toBe(60);
      expect(await store.revokeApiKey('missing', 1)).toBe(false);
      await store.createApiKey({ ...key, id: ulid(), userId: 'admin-key', keyHash: 'kh3', adminKeyHash: 'ah' });
      expect((await store.getApiKeyByHash('kh3'))?.adminKeyHash).toBe('ah');
    });

    it('changes, disables and deletes users but never the last enabled owner', async () => {
      const mk = (email: string, role: 'owner' | 'editor') => ({
        id: ulid(),
        email,
        passwordHash: 'scrypt$x',
        role,
        createdAt: 1,
        disabledAt: null,
      });
      const a = mk('a@x.y', 'owner');
      const b = mk('b@x.y', 'owner');
      const e = mk('e@x.y', 'editor');
      for (const u of [a, b, e]) await store.createUser(u);
      expect(await store.updateUser('missing', { role: 'viewer' })).toEqual({ ok: false, reason: 'not_found' });
      expect(await store.updateUser(b.id, { disabledAt: 5 })).toEqual({ ok: true, user: { ...b, disabledAt: 5 } });
      // b is disabled: a is the last enabled owner.
      expect(await store.updateUser(a.id, { role: 'editor' })).toEqual({ ok: false, reason: 'last_owner' });
      expect(await store.updateUser(a.id, { disabledAt: 6 })).toEqual({ ok: false, reason: 'last_owner' });
      expect(await store.deleteUser(a.id, 7)).toEqual({ ok: false, reason: 'last_owner' });
      expect((await store.getUser(a.id))?.role).toBe('owner');
      // A password change of the last owner is fine.
      expect((await store.updateUser(a.id, { passwordHash: 'scrypt$y' })).ok).toBe(true);
      expect((await store.getUser(a.id))?.passwordHash).toBe('scrypt$y');
      expect((await store.updateUser(b.id, { disabledAt: null })).ok).toBe(true);
      expect(await store.updateUser(a.id, { role: 'viewer' })).toEqual({
        ok: true,
        user: { ...a, passwordHash: 'scrypt$y', role: 'viewer' },
      });

      await store.createSession({ tokenHash: 's1', userId: e.id, csrfToken: 'c', createdAt: 1, expiresAt: 100 });
      await store.createSession({ tokenHash: 's2', userId: e.id, csrfToken: 'c', createdAt: 2, expiresAt: 10 });
      await store.createSession({ tokenHash: 's3', userId: b.id, csrfToken: 'c', createdAt: 3, expiresAt: 100 });
      expect((await store.listSessions(50, e.id)).map((s) => s.tokenHash)).toEqual(['s1']);
      expect((await store.listSessions(5)).map((s) => s.tokenHash)).toEqual(['s1', 's2', 's3']);
      const key = {
        id: ulid(),
        name: 'k',
        userId: e.id,
        role: 'editor' as const,
        prefix: 'hf_',
        keyHash: 'ek1',
        createdAt: 1,
        lastUsedAt: null,
        revokedAt: null,
        adminKeyHash: null,
      };
      await store.createApiKey(key);
      await store.createApiKey({ ...key, id: ulid(), keyHash: 'ek2' });
      expect(await store.revokeUserApiKeys(e.id, 9)).toBe(2);
      expect(await store.revokeUserApiKeys(e.id, 10)).toBe(0);
      expect((await store.getApiKeyByHash('ek1'))?.revokedAt).toBe(9);
      expect(await store.deleteUserSessions(e.id)).toBe(2);
      expect(await store.listSessions(0, e.id)).toEqual([]);

      await store.createApiKey({ ...key, id: ulid(), userId: b.id, keyHash: 'bk' });
      await store.createPasswordReset({ tokenHash: 'r1', userId: b.id, createdAt: 1, expiresAt: 100 });
      expect(await store.deleteUser(b.id, 20)).toEqual({ ok: false, reason: 'last_owner' });
      expect((await store.updateUser(a.id, { role: 'owner' })).ok).toBe(true);
      expect((await store.deleteUser(b.id, 20)).ok).toBe(true);
      expect(await store.getUser(b.id)).toBeNull();
      expect(await store.getSession('s3')).toBeNull();
      expect((await store.getApiKeyByHash('bk'))?.revokedAt).toBe(20);
      expect(await store.consumePasswordReset('r1', 2)).toBeNull();
      expect(await store.deleteUser(b.id, 21)).toEqual({ ok: false, reason: 'not_found' });
    });

    it('keeps one password reset token per user, usable once and only before it expires', async () => {
      await store.createPasswordReset({ tokenHash: 't1', userId: 'u1', createdAt: 1, expiresAt: 100 });
      await store.createPasswordReset({ tokenHash: 't2', userId: 'u1', createdAt: 2, expiresAt: 100 });
      await store.createPasswordReset({ tokenHash: 't3', userId: 'u2', createdAt: 2, expiresAt: 10 });
      expect(await store.consumePasswordReset('t1', 5)).toBeNull();
      expect(await store.consumePasswordReset('t2', 5)).toBe('u1');
      expect(await store.consumePasswordReset('t2', 5)).toBeNull();
      expect(await store.consumePasswordReset('t3', 50)).toBeNull();
      expect(await store.consumePasswordReset('t3', 5)).toBeNull();
    });

    it('appends audit entries and lists them newest first with filters and a cursor', async () => {
      const base = { actor: { type: 'user' as const, id: 'u', email: 'a@b.c' }, method: 'PUT', status: 200 };
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const id = ulid(1000 + i);
        ids.push(id);
        await store.appendAudit({
          ...base,
          id,
          at: 1000 + i,
          action: i % 2 ? 'api-key.create' : 'workflow.update',
          resource: i % 2 ? 'api-key' : 'workflow',
          resourceId: `r${i}`,
          path: `/api/x/${i}`,
        });
      }
      const first = await store.listAudit({ limit: 3 });
      expect(first.items.map((e) => e.id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(first.items[0].actor).toEqual(base.actor);
      const rest = await store.listAudit({ limit: 3, cursor: first.nextCursor! });
      expect(rest.items.map((e) => e.id)).toEqual([ids[0]]);
      expect(rest.nextCursor).toBeNull();
      expect((await store.listAudit({ limit: 10, resource: 'workflow' })).items.map((e) => e.resourceId)).toEqual([
        'r2',
        'r0',
      ]);
      expect((await store.listAudit({ limit: 10, resource: 'workflow', resourceId: 'r0' })).items).toHaveLength(1);
    });

    it('prunes finished executions beyond the per-workflow limit or older than the cut-off, in batches', async () => {
      await store.saveWorkflow(sampleDoc('keep'), 'test');
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const id = ulid(10_000 + i);
        ids.push(id);
        await store.createExecution({ id, workflowId: 'keep', workflowVersion: 1, trigger, createdAt: 10_000 + i });
        await store.claimExecution(id, 'w', 1000, 20_000);
        await store.saveStepRecords(
          [
            {
              executionId: id,
              key: 's',
              stepId: 's',
              type: 'transform',
              status: 'succeeded',
              attempt: 1,
              input: null,
              output: { i },
              branches: null,
              error: null,
              wait: null,
              startedAt: 1,
              finishedAt: 2,
            },
          ],
          'w',
        );
        if (i !== 1) await store.finishExecution(id, 'w', { status: 'succeeded' });
      }
      // Keep the newest 3: ids 0..4 are beyond, but 1 is unfinished and stays.
      expect(await store.pruneExecutions({ before: 0, keepPerWorkflow: 3, limit: 2 })).toBe(2);
      expect(await store.pruneExecutions({ before: 0, keepPerWorkflow: 3, limit: 10 })).toBe(2);
      expect(await store.pruneExecutions({ before: 0, keepPerWorkflow: 3, limit: 10 })).toBe(0);
      const left = (await store.listExecutions({ workflowId: 'keep', limit: 10 })).items.map((e) => e.id);
      expect(left).toEqual([ids[7], ids[6], ids[5], ids[1]]);
      expect(await store.listStepRecords(ids[0])).toEqual([]);
      expect(await store.listStepRecords(ids[7])).toHaveLength(1);
      // Age rule: everything finished created before 10_006.
      expect(await store.pruneExecutions({ before: 10_006, keepPerWorkflow: 0, limit: 10 })).toBe(1);
      expect((await store.listExecutions({ workflowId: 'keep', limit: 10 })).items.map((e) => e.id)).toEqual([
        ids[7],
        ids[6],
        ids[1],
      ]);
    });

    it('deleting a workflow forgets its alert state, so a new workflow with the same id starts fresh', async () => {
      await store.saveWorkflow(sampleDoc('gone'), 'test');
      const key = { workflowId: 'gone', signature: 's:e' };
      expect((await store.claimAlertSlot(key, 60_000, 1000)).send).toBe(true);
      expect((await store.claimAlertSlot(key, 60_000, 1001)).send).toBe(false);
      expect(await store.deleteWorkflow('gone')).toBe(true);
      expect(await store.claimAlertSlot(key, 60_000, 1002)).toEqual({
        send: true,
        suppressed: 0,
        previousAlertAt: null,
      });
    });

    it('claims an alert slot once per window, counts the rest, and reports them with the next claim', async () => {
      const key = { workflowId: 'alerting', signature: 'crm:http_500' };
      // Concurrent claims of a fresh slot: exactly one sends.
      const first = await Promise.all(Array.from({ length: 20 }, () => store.claimAlertSlot(key, 1000, 50_000)));
      expect(first.filter((c) => c.send)).toEqual([{ send: true, suppressed: 0, previousAlertAt: null }]);
      expect(
        first
          .filter((c) => !c.send)
          .map((c) => c.suppressed)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
      expect(await store.claimAlertSlot(key, 1000, 50_999)).toEqual({ send: false, suppressed: 20 });
      expect(await store.claimAlertSlot(key, 1000, 51_000)).toEqual({
        send: true,
        suppressed: 20,
        previousAlertAt: 50_000,
      });
      expect(await store.claimAlertSlot(key, 1000, 52_500)).toEqual({
        send: true,
        suppressed: 0,
        previousAlertAt: 51_000,
      });
      // Other signatures and workflows have slots of their own.
      expect((await store.claimAlertSlot({ ...key, signature: 'crm:http_502' }, 1000, 52_600)).send).toBe(true);
      expect((await store.claimAlertSlot({ ...key, workflowId: 'other' }, 1000, 52_600)).send).toBe(true);
      expect(await store.claimAlertSlot(key, 1000, 52_600)).toEqual({ send: false, suppressed: 1 });
    });
  });
}

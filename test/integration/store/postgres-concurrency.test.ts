// The PostgreSQL store's atomic operations hold across hosts: three stores with pools of
// their own (what three processes on three machines have) race on the same rows, and every
// race has exactly the outcome a single process would give.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '../../../server/lib/ids.ts';
import { createPostgresStore } from '../../../server/store/postgres/postgres-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.ts';

const trigger = { method: 'POST', path: '/hooks/x', headers: {}, query: {}, body: {}, receivedAt: '' };

describe('PostgreSQL store: races between hosts', () => {
  let db: TestDatabase;
  let hosts: Store[];
  beforeEach(async () => {
    db = await createTestDatabase('hookflow_races');
    hosts = await Promise.all([0, 1, 2].map(() => createPostgresStore({ url: db.url, maxConnections: 4 })));
  });
  afterEach(async () => {
    await Promise.all(hosts.map((h) => h.close()));
    await db.drop();
  });

  it('exactly one of 60 simultaneous alert claims sends; every other one is counted once', async () => {
    const claims = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        hosts[i % 3].claimAlertSlot({ workflowId: 'shared', signature: 'crm:http_500' }, 3_600_000),
      ),
    );
    expect(claims.filter((c) => c.send)).toEqual([{ send: true, suppressed: 0, previousAlertAt: null }]);
    const counted = claims.filter((c) => !c.send).map((c) => c.suppressed);
    expect(counted.sort((a, b) => a - b)).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
  });

  it('each of 50 executions claimed by three hosts at once goes to exactly one', async () => {
    const ids = Array.from({ length: 50 }, () => ulid());
    await Promise.all(
      ids.map((id) => hosts[0].createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: 1 })),
    );
    const won = await Promise.all(
      ids.map(async (id) => {
        const got = await Promise.all(hosts.map((h, i) => h.claimExecution(id, `host-${i}`, 30_000)));
        return got.filter((g) => g !== null).map((g) => g?.leaseOwner);
      }),
    );
    for (const owners of won) expect(owners).toHaveLength(1);
    for (const [i, id] of ids.entries()) expect((await hosts[1].getExecution(id))?.leaseOwner).toBe(won[i][0]);
  });

  it('one dedupe key claimed by 30 webhooks on three hosts creates one execution', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        hosts[i % 3].createExecution(
          { id: ulid(), workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() },
          { key: 'evt-1', expiresAt: Date.now() + 60_000 },
        ),
      ),
    );
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const winner = (created[0] as { id: string }).id;
    for (const r of results) if (!r.created) expect(r.existingId).toBe(winner);
    expect((await hosts[2].listExecutions({ limit: 50 })).items.map((e) => e.id)).toEqual([winner]);
  });

  it('a named lease raced by three hosts has one holder', async () => {
    const got = await Promise.all(hosts.map((h, i) => h.tryAcquireLease('sweep', `host-${i}`, 10_000)));
    expect(got.filter(Boolean)).toHaveLength(1);
  });

  it('two owners demoting each other from two hosts at once never leave the instance without an owner', async () => {
    const owner = (id: string, at: number) =>
      hosts[0].createUser({
        id,
        email: `${id}@example.com`,
        passwordHash: 'x',
        role: 'owner',
        createdAt: at,
        disabledAt: null,
      });
    await owner('first', 0);
    let survivor = 'first';
    // Each round: the one owner left and a new one demote each other simultaneously.
    for (let round = 1; round <= 10; round++) {
      const fresh = `owner-${round}`;
      await owner(fresh, round);
      const [ra, rb] = await Promise.all([
        hosts[1].updateUser(survivor, { role: 'editor' }),
        hosts[2].updateUser(fresh, { disabledAt: 1 }),
      ]);
      expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
      const owners = (await hosts[0].listUsers()).filter((u) => u.role === 'owner' && u.disabledAt === null);
      expect(owners).toHaveLength(1);
      survivor = owners[0].id;
    }
  });
});

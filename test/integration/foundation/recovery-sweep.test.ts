// The recovery sweep against a real sqlite store and the in-process queue (which, like a
// restarted Redis, holds nothing): it must reach every unfinished execution however many
// long waits sit at the front, leave waits that are not due to their timers, and run its
// queue look-ups in parallel rather than one round trip after another.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepUnfinished } from '../../../server/engine/recovery.ts';
import { ulid } from '../../../server/lib/ids.ts';
import { createLogger } from '../../../server/lib/logger.ts';
import { createLocalQueue } from '../../../server/queue/local.ts';
import type { Queue } from '../../../server/queue/queue.ts';
import { createSqliteStore } from '../../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const logger = createLogger('silent');
const trigger = { method: 'POST', path: '/x', headers: {}, query: {}, body: {}, receivedAt: '' };

/** The real local queue, with its holds() look-ups counted and their overlap measured. */
function observedQueue(): { queue: Queue; looked: string[]; maxInFlight: () => number } {
  const queue = createLocalQueue();
  const looked: string[] = [];
  let inFlight = 0;
  let max = 0;
  const holds = queue.holds;
  queue.holds = async (id) => {
    looked.push(id);
    max = Math.max(max, ++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return holds(id);
  };
  return { queue, looked, maxInFlight: () => max };
}

describe('recovery sweep', () => {
  let store: Store;
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    store = createSqliteStore({ dataDir: tmp.dir });
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  const create = async () => {
    const id = ulid();
    await store.createExecution({ id, workflowId: 'w', workflowVersion: 1, trigger, createdAt: Date.now() });
    return id;
  };

  it('re-enqueues what lies beyond the first page, skips waits not yet due, and looks up in parallel', async () => {
    // The oldest rows: long waits (a 90-day delay), then due waits and lost queued rows.
    const later = Date.now() + 90 * 86_400_000;
    const parked: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = await create();
      await store.claimExecution(id, 'w1', 60_000);
      await store.suspendExecution(id, 'w1', later);
      parked.push(id);
    }
    const due = await create();
    await store.claimExecution(due, 'w1', 60_000);
    await store.suspendExecution(due, 'w1', Date.now() - 1);
    const lost = await Promise.all(Array.from({ length: 5 }, create));

    const { queue, looked, maxInFlight } = observedQueue();
    const ran: string[] = [];
    queue.consume(async (id) => {
      ran.push(id);
    }, 4);
    expect(await sweepUnfinished(store, queue, logger, { batch: 10 })).toBe(6);
    await expect.poll(() => ran.length).toBe(6);
    expect(ran.sort()).toEqual([due, ...lost].sort());
    // Not-due waits are neither looked up nor parked in the queue's timers.
    expect(looked.filter((id) => parked.includes(id))).toEqual([]);
    expect((await queue.stats()).delayed).toBe(0);
    expect(maxInFlight()).toBeGreaterThan(1);
    await queue.close();
  });

  it('pages to the end when every row is due', async () => {
    const ids = await Promise.all(Array.from({ length: 23 }, create));
    const { queue, looked } = observedQueue();
    expect(await sweepUnfinished(store, queue, logger, { batch: 5 })).toBe(23);
    expect(looked.sort()).toEqual(ids.sort());
    expect((await queue.stats()).waiting).toBe(23);
    await queue.close();
  });
});

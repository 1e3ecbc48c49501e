// While jobs arrive fast (a webhook burst), the in-process queue runs fewer at once so the
// trigger endpoint keeps its share of the event loop; when the burst is over it goes back to
// the full concurrency for the backlog. A fake clock decides what "fast" is here.
import { describe, expect, it } from 'vitest';
import { createLocalQueue } from '../../../server/queue/local.ts';

const settle = () => new Promise((r) => setImmediate(r));

function rig(burst?: { perSecond: number; concurrency: number }) {
  let clock = 1_000_000;
  const queue = createLocalQueue({ burst, now: () => clock });
  const running = new Map<string, () => void>();
  queue.consume(
    (id) =>
      new Promise<void>((resolve) => {
        running.set(id, () => {
          running.delete(id);
          resolve();
        });
      }),
    64,
  );
  return {
    queue,
    running,
    advance: (ms: number) => {
      clock += ms;
    },
    finishOne: async () => {
      running.values().next().value?.();
      await settle();
      await settle();
    },
  };
}

describe('local queue under a burst', () => {
  it('starts no more than the burst concurrency while jobs arrive fast, then the full concurrency', async () => {
    const r = rig({ perSecond: 1000, concurrency: 16 });
    // 300 jobs within one 100 ms window: 3,000/s. The first ones start before the rate is
    // known (64, the full concurrency); after that, finished jobs are replaced only below 16.
    for (let i = 0; i < 300; i++) await r.queue.enqueue(`e${i}`);
    await settle();
    expect(r.running.size).toBe(64);
    for (let i = 0; i < 60; i++) await r.finishOne();
    expect(r.running.size).toBe(16);
    expect((await r.queue.stats()).waiting).toBe(300 - 60 - 16);

    // Quiet for two windows: the next finished job lets the backlog run 64 at once again.
    r.advance(250);
    await r.finishOne();
    expect(r.running.size).toBe(64);
    await r.queue.close(0);
  });

  it('does not count a slow stream as a burst', async () => {
    const r = rig({ perSecond: 1000, concurrency: 16 });
    // 50 jobs, 10 ms apart: 100/s.
    for (let i = 0; i < 50; i++) {
      await r.queue.enqueue(`e${i}`);
      r.advance(10);
    }
    await settle();
    expect(r.running.size).toBe(50);
    await r.queue.close(0);
  });

  it('without a burst limit runs the full concurrency at once', async () => {
    const r = rig();
    for (let i = 0; i < 300; i++) await r.queue.enqueue(`e${i}`);
    await settle();
    expect(r.running.size).toBe(64);
    await r.queue.close(0);
  });
});

// The in-process queue must hold a delay longer than Node's timer limit (2^31-1 ms, about
// 24.8 days) until it is due: an uncapped setTimeout would fire after 1 ms instead.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalQueue } from '../../../server/queue/local.ts';

const DAY = 86_400_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('local queue delays', () => {
  it('runs a 30-day delay after 30 days, not before', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const queue = createLocalQueue();
    const ran: number[] = [];
    queue.consume(async () => {
      ran.push(Date.now());
    }, 1);
    const runAt = Date.now() + 30 * DAY;
    await queue.enqueue('exec-1', runAt);
    await vi.advanceTimersByTimeAsync(10);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1); // the first capped step
    expect(ran).toEqual([]);
    expect(await queue.holds('exec-1')).toBe(true);
    expect((await queue.stats()).delayed).toBe(1);
    await vi.advanceTimersByTimeAsync(runAt - Date.now() - 1);
    expect(ran).toEqual([]);
    // The handler starts on the next tick (a fake immediate advances the clock by 1 ms).
    await vi.advanceTimersByTimeAsync(10);
    expect(ran).toHaveLength(1);
    expect(ran[0] - runAt).toBeGreaterThanOrEqual(0);
    expect(ran[0] - runAt).toBeLessThan(10);
    expect(await queue.holds('exec-1')).toBe(false);
    await queue.close();
  });

  it('re-enqueueing a delayed job moves it to the new time', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const queue = createLocalQueue();
    const ran: number[] = [];
    queue.consume(async () => {
      ran.push(Date.now());
    }, 1);
    await queue.enqueue('exec-2', Date.now() + 40 * DAY);
    const sooner = Date.now() + DAY;
    await queue.enqueue('exec-2', sooner);
    await vi.advanceTimersByTimeAsync(sooner - Date.now() - 1);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(40 * DAY);
    expect(ran).toHaveLength(1);
    expect(ran[0] - sooner).toBeLessThan(10);
    await queue.close();
  });
});

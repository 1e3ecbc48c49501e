// The bench's end-to-end rate is compared with the floor, which autocannon measures while load
// flows: the clock must not include the load generator's own start-up.
import { describe, expect, it } from 'vitest';
import { endToEndClock } from '../../bench/scenarios.ts';

describe('end-to-end clock', () => {
  it('runs from the first webhook sent to the last delivery, with the launch beside it', () => {
    const clock = endToEndClock({ launchedAt: 10_000, firstSentAt: 10_400, lastDeliveredAt: 13_400, count: 9_000 });
    expect(clock).toMatchObject({ seconds: 3, perSecond: 3_000, launchSeconds: 0.4 });
  });

  it('gives the earlier, launch-inclusive rate beside it', () => {
    const clock = endToEndClock({ launchedAt: 0, firstSentAt: 500, lastDeliveredAt: 2_500, count: 10_000 });
    expect(clock.perSecond).toBe(5_000);
    expect(clock.perSecondWithLaunch).toBe(4_000);
  });
});

import { describe, expect, it } from 'vitest';
import { monotonicId } from '../../../server/triggers/capture-sample.ts';

describe('sample ids', () => {
  it('sort in arrival order within one millisecond and across time', () => {
    const now = Date.now();
    const ids = Array.from({ length: 200 }, () => monotonicId(now));
    ids.push(monotonicId(now + 5));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

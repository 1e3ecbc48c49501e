import { describe, expect, it } from 'vitest';
import { timeoutSignal } from '../../../server/lib/timeout-signal.ts';

describe('timeoutSignal', () => {
  it('aborts with a TimeoutError when the time is up', async () => {
    const { signal } = timeoutSignal(new AbortController().signal, 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('follows its parent, including one aborted already', () => {
    const parent = new AbortController();
    const { signal, done } = timeoutSignal(parent.signal, 10_000);
    parent.abort(new Error('stop'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('stop');
    done();
    expect(timeoutSignal(parent.signal, 10_000).signal.reason).toBe(parent.signal.reason);
  });

  it('after done(), neither the timer nor the parent aborts it', async () => {
    const parent = new AbortController();
    const { signal, done } = timeoutSignal(parent.signal, 20);
    done();
    parent.abort();
    await new Promise((r) => setTimeout(r, 60));
    expect(signal.aborted).toBe(false);
  });
});

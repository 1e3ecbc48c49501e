// A flood of hostile expressions holds every sandbox until its deadline. What queues behind
// them must neither wait without end nor pile up without bound: a full queue refuses at once,
// and a task no sandbox took within its time box (plus room for one start) fails as busy —
// a retryable error, because the expression itself did nothing wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultExpressionWorkers } from '../../../server/config.ts';
import {
  closeExpressionSandbox,
  configureExpressionSandbox,
  sandboxState,
  WAIT_START_ALLOWANCE_MS,
} from '../../../server/engine/expression-pool.ts';
import { compileExpression, evaluateExpression, runsInline } from '../../../server/engine/expressions.ts';
import { RetryAfterError } from '../../../server/nodes/step-errors.ts';

const ctx = { trigger: { body: {} }, steps: {}, execution: { id: 'e', workflowId: 'w' } };
// Spins until its own time box (JSONata counts it) or the hard deadline ends it.
const HOSTILE = '($f := function($n) { $f($n + 1) }; $f(0))';
const LEGIT = "$join(['a', 'b'], '-')";

async function outcome(source: string, timeoutMs: number, opts?: { boundedWait?: boolean }) {
  const expr = compileExpression(source, { timeoutMs });
  expect(runsInline(expr)).toBe(false);
  const started = performance.now();
  try {
    return {
      ok: true as const,
      value: await evaluateExpression(expr, source, ctx, opts),
      ms: performance.now() - started,
    };
  } catch (err) {
    return { ok: false as const, err, code: (err as { code?: string }).code, ms: performance.now() - started };
  }
}

afterEach(async () => {
  await closeExpressionSandbox();
  configureExpressionSandbox({ workers: 2, maxWaiting: 64 });
});

describe('expression sandbox queue bounds', () => {
  it('refuses at once, as busy and retryable, when the queue is full', { timeout: 30_000 }, async () => {
    configureExpressionSandbox({ workers: 1, maxWaiting: 2 });
    // One runs, two wait: the queue is full.
    const flood = [outcome(HOSTILE, 3000), outcome(HOSTILE, 3000), outcome(HOSTILE, 3000)];
    const refused = await outcome(LEGIT, 3000);
    expect(refused.ok).toBe(false);
    expect(refused.code).toBe('expression_busy');
    expect(refused.err).toBeInstanceOf(RetryAfterError);
    // "At once": well before the flood's first deadline.
    expect(refused.ms).toBeLessThan(2000);
    await closeExpressionSandbox();
    await Promise.all(flood);
  });

  it('fails a task no sandbox took within its time box, without waiting for the flood', {
    timeout: 30_000,
  }, async () => {
    configureExpressionSandbox({ workers: 1, maxWaiting: 64 });
    // The hostile one holds the only sandbox for 5 s; the legitimate one has a 300 ms box.
    const hostile = outcome(HOSTILE, 5000);
    const waited = await outcome(LEGIT, 300, { boundedWait: true });
    expect(waited.ok).toBe(false);
    expect(waited.code).toBe('expression_busy');
    expect(waited.ms).toBeGreaterThanOrEqual(300);
    // Generous: the time box plus the start allowance, far below the hostile one's 5 s deadline.
    expect(waited.ms).toBeLessThan(300 + WAIT_START_ALLOWANCE_MS + 2500);
    await closeExpressionSandbox();
    await hostile;
  });

  it('lets a step wait its turn behind a hostile expression (no sender is on the line)', {
    timeout: 30_000,
  }, async () => {
    configureExpressionSandbox({ workers: 1, maxWaiting: 64 });
    // The hostile one holds the only sandbox for its 1 s box; the step's own box is 300 ms,
    // yet it must not fail as busy: only ingress callers give up waiting.
    const hostile = outcome(HOSTILE, 1000);
    const step = await outcome(LEGIT, 300);
    expect(step).toMatchObject({ ok: true, value: 'a-b' });
    expect(step.ms).toBeGreaterThanOrEqual(900);
    await hostile;
  });

  it('still runs a legitimate expression that waited a little', { timeout: 30_000 }, async () => {
    configureExpressionSandbox({ workers: 1, maxWaiting: 64 });
    const first = outcome(LEGIT, 3000);
    const second = await outcome(LEGIT, 3000);
    expect(second).toMatchObject({ ok: true, value: 'a-b' });
    expect(await first).toMatchObject({ ok: true, value: 'a-b' });
  });

  it('leaves a core to the server by default', () => {
    expect(defaultExpressionWorkers(1)).toBe(1);
    expect(defaultExpressionWorkers(2)).toBe(1);
    expect(defaultExpressionWorkers(4)).toBe(3);
    expect(defaultExpressionWorkers(64)).toBe(4);
  });
});

describe('expression sandbox restarts', () => {
  it('starts a spare at once when a sandbox was killed at its deadline', { timeout: 30_000 }, async () => {
    configureExpressionSandbox({ workers: 1, maxWaiting: 64 });
    // One built-in backtracking step (RE2 cannot take the look-ahead): JSONata never gets to
    // check its clock, so the pool kills the process at the hard deadline.
    const killed = await outcome(`$replace('${'a'.repeat(40)}!', /^(?=a)(a|a)+$/, 'x')`, 200);
    expect(killed.code).toBe('expression_timeout');
    // No further call: the replacement is already there (starting or ready).
    expect(sandboxState().processes).toBe(1);
    const next = await outcome(LEGIT, 3000);
    expect(next).toMatchObject({ ok: true, value: 'a-b' });
  });
});

// Expressions written to hurt: each must end with a clean error code, within a generous
// bound, while the event loop stays free and the process alive. A time box that is not in
// force shows up here as a failure within the test's own timeout, not as a hung run.
import { afterAll, describe, expect, it } from 'vitest';
import { closeExpressionSandbox } from '../../../server/engine/expression-pool.ts';
import { compileExpression, evaluateExpression } from '../../../server/engine/expressions.ts';

const TIME_BOX_MS = 300;
const ctx = {
  trigger: { body: { s: `${'a'.repeat(40)}!`, n: 1e8, list: Array.from({ length: 1000 }, (_, i) => `item-${i}`) } },
  steps: {},
  execution: { id: 'e', workflowId: 'w' },
};

afterAll(() => closeExpressionSandbox());

/** Evaluates while measuring the longest event-loop stall (a 10 ms ticker). */
async function evaluateWatched(source: string) {
  const expr = compileExpression(source, { timeoutMs: TIME_BOX_MS });
  let last = performance.now();
  let worstStall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    worstStall = Math.max(worstStall, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const value = await evaluateExpression(expr, source, ctx);
    return { ok: true as const, value, ms: performance.now() - started, worstStall };
  } catch (err) {
    return { ok: false as const, code: (err as { code?: string }).code, ms: performance.now() - started, worstStall };
  } finally {
    clearInterval(ticker);
  }
}

const cases: [string, string, string[]][] = [
  ['ReDoS', "$replace(trigger.body.s, /^(a|a)+$/, 'x')", ['ok']],
  ['ReDoS the linear engine cannot take', "$replace(trigger.body.s, /^(?=a)(a|a)+$/, 'x')", ['expression_timeout']],
  ['huge pad', "$length($pad('', 1e8))", ['expression_timeout', 'expression_too_large']],
  ['huge pad from data', "$pad('', trigger.body.n * 4)", ['expression_timeout', 'expression_too_large']],
  ['huge range', '$count([1..trigger.body.n])', ['expression_timeout', 'expression_too_large', 'expression_failed']],
  [
    'huge join',
    "$length($join([1..9999999].$string(), ','))",
    ['expression_timeout', 'expression_too_large', 'expression_failed'],
  ],
  ['huge split', "$count($split($pad('', 5e7, 'ab'), ''))", ['expression_timeout', 'expression_too_large']],
  ['deep recursion', '($f := function($n) { 1 + $f($n + 1) }; $f(0))', ['expression_too_deep']],
  ['endless tail recursion', '($f := function($n) { $f($n + 1) }; $f(0))', ['expression_timeout']],
  [
    'string doubling',
    "($d := function($s, $n) { $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d('ab', 40)))",
    ['expression_timeout', 'expression_too_large'],
  ],
  ['shared-subtree result', `$${".{'a': $, 'b': $}".repeat(40)}`, ['expression_timeout', 'expression_too_large']],
];

describe('hostile expressions', () => {
  it.each(cases)(
    '%s ends cleanly without stalling the event loop',
    { timeout: 20_000 },
    async (_name, source, allowed) => {
      const r = await evaluateWatched(source);
      expect(allowed).toContain(r.ok ? 'ok' : r.code);
      // Time box plus the sandbox's start-up (a fresh process after a kill) and a noisy machine.
      expect(r.ms).toBeLessThan(8_000);
      expect(r.worstStall).toBeLessThan(250);
    },
  );

  it('reaches no prototype, constructor or host function', async () => {
    for (const source of [
      '{}.constructor',
      '$string.constructor',
      "$lookup({}, '__proto__')",
      "$lookup({}, 'constructor')",
      "$merge([{'__proto__': {'polluted': 1}}]).polluted",
      "{'__proto__': {'polluted': 1}}.polluted",
      "(trigger ~> |$|{'__proto__': {'polluted': 1}}|).polluted",
      '$.constructor.constructor',
      "$lookup($string, 'constructor')",
    ]) {
      const r = await evaluateWatched(source);
      expect({ source, value: r.ok ? r.value : r.code }).toEqual({ source, value: undefined });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hands back plain data from the sandbox', async () => {
    const r = await evaluateWatched("(trigger ~> |$|{'__proto__': {'polluted': 1}, 'x': 1}|)");
    expect(r.ok).toBe(true);
    const value = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.polluted).toBeUndefined();
    expect(value.x).toBe(1);
  });

  it('evaluates regular expressions with the linear engine, same results', async () => {
    const r = await evaluateWatched(
      "[$replace('abcabc', /(b)(c)/, '[$2$1]'), $match('xaby', /A(b)?/i).groups[0], $split('a1b22c', /[0-9]+/)]",
    );
    expect(r).toMatchObject({ ok: true, value: ['a[cb]a[cb]', 'b', 'a', 'b', 'c'] });
  });
});

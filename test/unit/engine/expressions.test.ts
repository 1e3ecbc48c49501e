import { describe, expect, it } from 'vitest';
import {
  type CompileProblem,
  compileValue,
  ExpressionError,
  evaluateValue,
} from '../../../server/engine/expressions.ts';

const limits = { timeoutMs: 200 };
const ctx = {
  trigger: {
    body: {
      a: 2,
      items: [
        { p: 1, q: 3 },
        { p: 2, q: 1 },
      ],
    },
  },
  steps: { s: { x: 'y' } },
  execution: { id: 'e', workflowId: 'w' },
};

const run = async (value: unknown, always = false) => {
  const problems: CompileProblem[] = [];
  const c = compileValue(value, '/p', limits, problems, always);
  expect(problems).toEqual([]);
  return evaluateValue(c, ctx);
};

describe('expressions', () => {
  it('evaluates =-prefixed strings and leaves literals alone', async () => {
    expect(await run('=trigger.body.a * 10')).toBe(20);
    expect(await run('plain')).toBe('plain');
    expect(await run('==not an expression')).toBe('=not an expression');
    expect(await run({ url: 'https://x', n: '=$sum(trigger.body.items.(p*q))', list: ['=steps.s.x', 3] })).toEqual({
      url: 'https://x',
      n: 5,
      list: ['y', 3],
    });
    expect(await run('trigger.body.a + 1', true)).toBe(3);
  });

  it('evaluates each expression of a tree once when only some have a fast form', async () => {
    let reads = 0;
    const counting = {
      ...ctx,
      get trigger() {
        reads++;
        return ctx.trigger;
      },
    };
    const c = compileValue(
      { a: '=trigger.body.a', b: '=$uppercase(steps.s.x)', c: ['=trigger.body.a * 2'] },
      '/p',
      limits,
      [],
    );
    expect(await evaluateValue(c, counting)).toEqual({ a: 2, b: 'Y', c: [4] });
    // One read of `trigger` per expression that names it: none evaluated a second time.
    expect(reads).toBe(2);
  });

  it('keeps a static tree static (no per-run walk)', () => {
    const c = compileValue({ a: [1, 'b', { c: true }] }, '', limits, []);
    expect(c.kind).toBe('static');
  });

  it('reports syntax errors with the pointer', () => {
    const problems: CompileProblem[] = [];
    compileValue({ x: '=$sum(' }, '/steps/0/params', limits, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0].pointer).toBe('/steps/0/params/x');
    expect(problems[0].message).toMatch(/JSONata syntax error/);
  });

  it('time-boxes a runaway expression', async () => {
    const problems: CompileProblem[] = [];
    const c = compileValue(
      '=($f := function($n) { $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))',
      '',
      { timeoutMs: 100, maxDepth: 10_000 },
      problems,
    );
    const started = Date.now();
    await expect(evaluateValue(c, ctx)).rejects.toThrow(/time limit/);
    // Generous (a sandbox process may have to start on a loaded machine); unboxed, 2^40 calls never end.
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('limits recursion depth', async () => {
    // Not a tail call (JSONata optimises those into loops, which the time box catches).
    const c = compileValue('=($f := function($n) { 1 + $f($n + 1) }; $f(0))', '', { timeoutMs: 5000 }, []);
    const started = Date.now();
    await expect(evaluateValue(c, ctx)).rejects.toThrow(/recursed too deeply/);
    await expect(evaluateValue(c, ctx)).rejects.toBeInstanceOf(ExpressionError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('turns evaluation errors into non-retryable expression errors', async () => {
    const c = compileValue('=$number("abc") + undefinedFn()', '', limits, []);
    await expect(evaluateValue(c, ctx)).rejects.toMatchObject({ name: 'ExpressionError', code: 'expression_failed' });
  });
});

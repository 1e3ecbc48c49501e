// The synchronous subset (engine/fast-expression.ts) must answer exactly as JSONata does,
// down to the sequence flags and null prototypes of what it returns, or hand over to it.
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression } from '../../../server/engine/expressions.ts';
import { compileFast, FALLBACK } from '../../../server/engine/fast-expression.ts';

const KEYS = ['a', 'b', 'body', 'x y', 'constructor', '0', '_jsonata_function'];
const quoted = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `\`${k}\``);

/** Same value, same array flags (sequence, cons), same prototypes, same key order; -0 is not 0. */
function exactlyEqual(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== typeof b) return `${at}: ${typeof a} vs ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object') return Object.is(a, b) ? null : `${at}: ${a} vs ${b}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs not`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  if (Array.isArray(a) && Array.isArray(b)) {
    const flags = (x: unknown[]) =>
      JSON.stringify([(x as { sequence?: boolean }).sequence, (x as { cons?: boolean }).cons]);
    if (flags(a) !== flags(b)) return `${at}: flags ${flags(a)} vs ${flags(b)}`;
    if (a.length !== b.length) return `${at}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = exactlyEqual(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${ka} vs ${kb}`;
  for (const k of ka) {
    const d = exactlyEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return null;
}

/**
 * Earlier steps' outputs are kept in memory as JSONata made them: arrays may carry its
 * `sequence` flag or its (non-enumerable) `cons` flag, which change how paths flatten.
 */
type Flag = 'none' | 'sequence' | 'cons' | 'keepSingleton';
const flagged = (items: unknown[], flag: Flag) => {
  if (flag === 'sequence') Object.assign(items, { sequence: true });
  if (flag === 'keepSingleton') Object.assign(items, { sequence: true, keepSingleton: true });
  if (flag === 'cons') Object.defineProperty(items, 'cons', { value: true, enumerable: false });
  return items;
};
const data = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, 0, -0, 1, 2.5, -3, 1e308, '', 's', '7', true, false),
    fc
      .tuple(
        fc.array(tie('node'), { maxLength: 4 }),
        fc.constantFrom<Flag>('none', 'none', 'sequence', 'cons', 'keepSingleton'),
      )
      .map(([items, flag]) => flagged(items, flag)),
    // What JSONata takes for a function (a sender can post it).
    fc.constantFrom({ _jsonata_function: true }, { _jsonata_lambda: true, a: 1 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
  ),
})).node;

const name = fc.constantFrom(...KEYS).map(quoted);
const literal = fc.constantFrom('1', '0', '2.5', '-1', '1e308', '"s"', "'t'", '""', 'true', 'false', 'null');
const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(name, { minLength: 1, maxLength: 3 }).map((p) => p.join('.')),
    literal,
    fc.tuple(fc.array(name, { minLength: 1, maxLength: 2 }), tie('expr')).map(([p, e]) => `${p.join('.')}.(${e})`),
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '&'), tie('expr'))
      .map(([l, op, r]) => `(${l}) ${op} (${r})`),
    tie('expr').map((e) => `-(${e})`),
    tie('expr').map((e) => `$sum(${e})`),
    tie('expr').map((e) => `$count(${e})`),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((es) => `(${es.join('; ')})`),
    fc
      .array(fc.tuple(fc.constantFrom('k', 'v', '1', 'a'), tie('expr')), { maxLength: 3 })
      .map((pairs) => `{${pairs.map(([k, v]) => `'${k}': ${v}`).join(', ')}}`),
  ),
})).expr as fc.Arbitrary<string>;

async function slow(src: string, input: unknown, maxSequence: number) {
  try {
    return { value: await jsonata(src, { sequence: maxSequence } as jsonata.JsonataOptions).evaluate(input) };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

describe('fast expressions', () => {
  it('compile the subset and nothing else', () => {
    for (const src of [
      'steps.shape',
      'trigger.body.`first name`',
      "{ 'id': trigger.body.id, 'total': $sum(trigger.body.line_items.(price * quantity)) }",
      'a & "-" & b',
      '-(a.b) % 3',
      '$count(a.b)',
      '(1; a)',
    ])
      expect(compileFast(jsonata(src), 1e6), src).not.toBeNull();
    for (const src of [
      'steps.a[0]',
      'steps.a[]',
      'steps.*',
      '$x.a',
      'a@$x.b',
      'a#$i.b',
      '**.a',
      'a{b: c}',
      'a.b^(c)',
      'a = b',
      'a ? b : c',
      '$string(a)',
      '$sum(a, b)',
      '{"k": 1, "k": 2}',
      '{a: 1}',
      '{"__proto__": 1}',
      'function($x){$x}',
      '$',
      '[a, b]',
      '$x := 1',
    ])
      expect(compileFast(jsonata(src), 1e6), src).toBeNull();
  });

  it('evaluate what JSONata evaluates, exactly, or hand over to it', async () => {
    let fast = 0;
    let handedOver = 0;
    await fc.assert(
      fc.asyncProperty(expression, data, fc.constantFrom(2, 5, 1_000_000), async (src, input, maxSequence) => {
        const compiled = compileFast(jsonata(src), maxSequence);
        if (!compiled) return;
        const mine = compiled(input);
        const theirs = await slow(src, input, maxSequence);
        if (mine === FALLBACK) {
          handedOver++;
          return;
        }
        fast++;
        expect(theirs.error, `${src} on ${JSON.stringify(input)}`).toBeUndefined();
        const diff = exactlyEqual(mine, theirs.value);
        expect(diff, `${src} on ${JSON.stringify(input)}`).toBeNull();
      }),
      { numRuns: 10_000 },
    );
    // The property only means something if both ways were taken often.
    expect(fast).toBeGreaterThan(1000);
    expect(handedOver).toBeGreaterThan(100);
  });

  it('hand an array input and a too long sequence over to JSONata', () => {
    const sum = compileFast(jsonata('$sum(a.b)'), 3);
    expect(sum?.([{ a: { b: 1 } }])).toBe(FALLBACK);
    expect(sum?.({ a: [{ b: 1 }, { b: 2 }] })).toBe(3);
    expect(sum?.({ a: [{ b: 1 }, { b: 2 }, { b: 3 }, { b: 4 }] })).toBe(FALLBACK);
  });

  it('agree with JSONata on the cases a review found', async () => {
    // A kept singleton from an earlier step's `[]` stays a sequence of one.
    const kept = Object.assign([[{ tags: ['x'] }]], { sequence: true, keepSingleton: true });
    const cases: [string, unknown][] = [
      [
        'steps.prev.lines.tags',
        { steps: { prev: { lines: Object.assign([{ tags: ['x'] }], { sequence: true, keepSingleton: true }) } } },
      ],
      ['{"t": steps.prev.lines.tags}', { steps: { prev: { lines: kept } } }],
      // JSONata wraps an argument that looks like a function, and fails on it.
      ['$count(trigger.body)', { trigger: { body: { _jsonata_function: true } } }],
      ['$sum(trigger.body)', { trigger: { body: { _jsonata_lambda: true } } }],
    ];
    for (const [src, input] of cases) {
      const mine = compileFast(jsonata(src), 1e6)?.(input);
      const theirs = await slow(src, input, 1e6);
      if (mine === FALLBACK) continue;
      expect(theirs.error, src).toBeUndefined();
      expect(exactlyEqual(mine, theirs.value), src).toBeNull();
    }
  });

  it('hand an object constructor over an array (JSONata groups it) over to JSONata', async () => {
    const src = "a.({'k': b})";
    const input = { a: [[{ b: [1, 2] }]] };
    expect(compileFast(jsonata(src), 1e6)?.(input)).toBe(FALLBACK);
    expect(JSON.stringify(await jsonata(src).evaluate(input))).toBe('{"k":[1,2]}');
  });

  it('leave errors to JSONata, which reports them as before', async () => {
    const src = "{ 'total': $sum(trigger.body.items.(price * quantity)) }";
    const expr = compileExpression(src, { timeoutMs: 1000 });
    const ctx = (items: unknown) => ({
      trigger: { body: { items } },
      steps: {},
      execution: { id: 'e', workflowId: 'w' },
    });
    expect(await evaluateExpression(expr, src, ctx([{ price: 2, quantity: 3 }]))).toEqual({ total: 6 });
    await expect(evaluateExpression(expr, src, ctx([{ price: '2', quantity: 3 }]))).rejects.toThrow(/T2001|number/);
  });
});

// The plain-path shortcut (engine/simple-path.ts) must answer exactly as JSONata does.
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { FALLBACK, readSimplePath, simplePathOf } from '../../../server/engine/simple-path.ts';

const KEYS = ['a', 'b', 'steps', 'body', 'x y', 'constructor', '0'];
const quoted = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `\`${k}\``);

describe('simple paths', () => {
  it('recognises plain references and nothing else', () => {
    expect(simplePathOf(jsonata('steps.shape'))).toEqual(['steps', 'shape']);
    expect(simplePathOf(jsonata('trigger.body.`first name`'))).toEqual(['trigger', 'body', 'first name']);
    expect(simplePathOf(jsonata('trigger'))).toEqual(['trigger']);
    for (const src of [
      'steps.a[0]',
      'steps.a[]',
      'steps.*',
      '$x.a',
      'steps.a.$sum(b)',
      'a@$x.b',
      'a#$i.b',
      '"a"',
      '1',
      'a + b',
      'a.(b)',
      '**.a',
      'a{b: c}',
      'a.b{c: d}',
      'a.b^(c)',
      'a[0].b',
    ])
      expect(simplePathOf(jsonata(src)), src).toBeNull();
  });

  it('reads what JSONata reads, or hands over to it', async () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, 0, 1, '', 's', true, false),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    await fc.assert(
      fc.asyncProperty(
        value,
        fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 }),
        async (data, path) => {
          const expr = jsonata(path.map(quoted).join('.'));
          const names = simplePathOf(expr);
          expect(names).toEqual(path);
          const fast = readSimplePath(data, names as string[]);
          if (fast === FALLBACK) return;
          const slow = await expr.evaluate(data);
          expect(fast).toEqual(slow === undefined ? undefined : JSON.parse(JSON.stringify(slow)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

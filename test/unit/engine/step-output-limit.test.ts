import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitValue, TRUNCATED_MARKER } from '../../../server/engine/step-output-limit.ts';
import { describeAction } from '../../../server/observability/audit-log.ts';

describe('step output limit', () => {
  it('keeps values within the limit and replaces larger ones with a visible marker', () => {
    const small = { a: 'x'.repeat(10) };
    expect(limitValue(small, 100)).toBe(small);
    expect(limitValue(null, 1)).toBeNull();
    expect(limitValue(12345, 1)).toBe(12345);
    const big = { items: Array.from({ length: 100 }, (_, i) => ({ i, text: 'é'.repeat(20) })) };
    const text = JSON.stringify(big);
    const out = limitValue(big, 1000) as Record<string, unknown>;
    expect(out).toEqual({
      [TRUNCATED_MARKER]: true,
      originalBytes: Buffer.byteLength(text),
      limitBytes: 1000,
      preview: text.slice(0, 1000),
    });
    // Strings are measured as UTF-8 JSON: 600 × 2 bytes + quotes.
    expect(limitValue('é'.repeat(600), 1000)).toMatchObject({ [TRUNCATED_MARKER]: true, originalBytes: 1202 });
    expect(limitValue('é'.repeat(400), 1000)).toBe('é'.repeat(400));
  });

  it('cuts exactly the values whose JSON exceeds the limit, whatever they hold', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.string({ unit: 'binary' }),
      fc.array(fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '"', 'é', '\ud83d\ude00', 'a') })),
      fc.date().map((d) => ({ at: d })),
      fc.uint8Array().map((bytes) => ({ bytes: Buffer.from(bytes) })),
      fc.array(fc.constantFrom(null, true, false, 0), { maxLength: 60 }),
      fc.dictionary(fc.string({ maxLength: 2 }), fc.constantFrom(null, true, 1), { maxKeys: 30 }),
      fc.constant({ toJSON: () => 'x'.repeat(300) }),
    );
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 400 }), (v, max) => {
        const text = JSON.stringify(v);
        // Scalars always stay; short strings are let through by their length alone (3
        // bytes per unit at most).
        const fits =
          v === null ||
          typeof v === 'number' ||
          typeof v === 'boolean' ||
          Buffer.byteLength(text) <= max ||
          (typeof v === 'string' && v.length * 3 <= max);
        const out = limitValue(v, max);
        if (fits) expect(out).toBe(v);
        else expect(out).toMatchObject({ [TRUNCATED_MARKER]: true, originalBytes: Buffer.byteLength(text) });
      }),
      { numRuns: 3000 },
    );
  });

  it('counts every byte at the edge of the limit', () => {
    for (const item of [null, false, true, 0, '', 'a']) {
      for (let n = 0; n < 40; n++) {
        const list = Array.from({ length: n }, () => item);
        // Empty keys and lists of the shortest scalars, where an upper bound has no slack.
        for (const v of [list, { '': list }, { '': item }]) {
          const bytes = Buffer.byteLength(JSON.stringify(v));
          for (let max = bytes - 3; max <= bytes + 1; max++) {
            if (bytes <= max) expect(limitValue(v, max)).toBe(v);
            else expect(limitValue(v, max)).toMatchObject({ [TRUNCATED_MARKER]: true, originalBytes: bytes });
          }
        }
      }
    }
  });

  it('measures deeply nested values too', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(limitValue(deep, 100_000)).toBe(deep);
    expect(limitValue(deep, 100)).toMatchObject({ [TRUNCATED_MARKER]: true, originalBytes: 2001 });
  });
});

describe('audit action names', () => {
  it.each([
    ['POST', '/workflows', 'w1', { action: 'workflow.create', resource: 'workflow', resourceId: 'w1' }],
    ['PUT', '/workflows/w1', null, { action: 'workflow.update', resource: 'workflow', resourceId: 'w1' }],
    ['DELETE', '/workflows/w1', null, { action: 'workflow.delete', resource: 'workflow', resourceId: 'w1' }],
    [
      'POST',
      '/workflows/w1/rotate-token',
      null,
      { action: 'workflow.rotate-token', resource: 'workflow', resourceId: 'w1' },
    ],
    [
      'POST',
      '/workflows/w1/versions/3/restore',
      null,
      { action: 'workflow.restore', resource: 'workflow', resourceId: 'w1' },
    ],
    ['PUT', '/credentials/stripe', null, { action: 'credential.update', resource: 'credential', resourceId: 'stripe' }],
    ['DELETE', '/auth/keys/K', null, { action: 'api-key.delete', resource: 'api-key', resourceId: 'K' }],
  ])('%s %s', (method, path, created, expected) => {
    expect(describeAction(method, path, created)).toEqual(expected);
  });
});

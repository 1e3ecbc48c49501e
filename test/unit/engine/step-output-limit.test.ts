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

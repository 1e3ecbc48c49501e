// A document an editor saves may be written to hurt: over the schema's size bounds it is a
// 400 with the bound named, never a stack overflow (500) or a long compile on the event loop.
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../server/authoring/validate-workflow.ts';

const chain = (n: number) => {
  const steps = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, type: 'transform', params: { expression: '1' } }));
  const edges = steps.map((s, i) => ({ from: i ? `s${i - 1}` : 'trigger', to: s.id }));
  return { id: 'big', name: 'big', trigger: { type: 'webhook' }, steps, edges };
};

describe('oversized workflow documents', () => {
  it('5,000 chained steps: refused by the size bound, not a stack overflow', () => {
    const started = performance.now();
    const r = validateWorkflow(chain(5000), { timeoutMs: 1000 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toContainEqual(
      expect.objectContaining({ pointer: '/steps', message: expect.stringMatching(/500/) }),
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a chain at the bound still compiles', () => {
    const r = validateWorkflow(chain(500), { timeoutMs: 1000 });
    expect(r.ok).toBe(true);
  });
});

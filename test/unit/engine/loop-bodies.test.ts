import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../../../server/engine/compile-workflow.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';

const doc = (steps: WorkflowDocument['steps'], edges: WorkflowDocument['edges']): WorkflowDocument => ({
  id: 'w',
  name: 'w',
  trigger: { type: 'webhook' },
  steps,
  edges,
});
const t = (id: string) => ({ id, type: 'transform', params: { expression: '1' } });

describe('loop bodies', () => {
  it('takes body steps out of the main graph; the each edge becomes the body’s entry', () => {
    const { compiled } = compileWorkflow(
      doc(
        [{ id: 'loop', type: 'forEach', params: { items: [1] } }, t('a'), t('b'), t('after')],
        [
          { from: 'trigger', to: 'loop' },
          { from: 'loop', to: 'a', branch: 'each' },
          { from: 'a', to: 'b' },
          { from: 'loop', to: 'after', branch: 'done' },
        ],
      ),
      1,
      { timeoutMs: 1000 },
    );
    expect(compiled!.order).toEqual(['loop', 'after']);
    const body = compiled!.bodies.get('loop')!;
    expect(body.order).toEqual(['a', 'b']);
    expect(body.steps.get('a')!.incoming).toEqual([{ from: 'trigger', to: 'a' }]);
  });
  it('nested loops: the inner body belongs to the inner loop only', () => {
    const { compiled } = compileWorkflow(
      doc(
        [
          { id: 'outer', type: 'forEach', params: { items: [1] } },
          { id: 'inner', type: 'forEach', params: { items: [1] } },
          t('cell'),
        ],
        [
          { from: 'trigger', to: 'outer' },
          { from: 'outer', to: 'inner', branch: 'each' },
          { from: 'inner', to: 'cell', branch: 'each' },
        ],
      ),
      1,
      { timeoutMs: 1000 },
    );
    expect(compiled!.order).toEqual(['outer']);
    expect(compiled!.bodies.get('outer')!.order).toEqual(['inner']);
    expect(compiled!.bodies.get('inner')!.order).toEqual(['cell']);
  });
  it('reports a body step that is also reached from outside', () => {
    const { problems } = compileWorkflow(
      doc(
        [{ id: 'loop', type: 'forEach', params: { items: [1] } }, t('a'), t('x')],
        [
          { from: 'trigger', to: 'loop' },
          { from: 'trigger', to: 'x' },
          { from: 'loop', to: 'a', branch: 'each' },
          { from: 'x', to: 'a' },
        ],
      ),
      1,
      { timeoutMs: 1000 },
    );
    expect(problems).toEqual([{ pointer: '/steps/1', message: expect.stringContaining('also reached from "x"') }]);
  });
});

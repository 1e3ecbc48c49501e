import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';

/** Routes on a condition: the `true` or the `false` branch fires, carrying the step's input through. */
export const ifNode = defineNode({
  type: 'if',
  title: 'If',
  category: 'Flow',
  description:
    'Continue on the true or the false branch. The condition is usually an expression, e.g. =steps.shape.total > 100.',
  params: Type.Object(
    {
      condition: Type.Boolean({
        title: 'Condition',
        description: 'An expression (=...) whose truthiness picks the branch.',
      }),
    },
    { additionalProperties: false },
  ),
  // Evaluated, the condition may be any value (or nothing): its truthiness picks the branch.
  evaluatedParams: Type.Object({ condition: Type.Optional(Type.Unknown()) }, { additionalProperties: false }),
  outputs: ['true', 'false'],
  pure: true,
  async execute(params) {
    const pass = truthy(params.condition);
    return { output: { result: pass }, branches: [pass ? 'true' : 'false'] };
  },
});

/** JSONata's boolean cast: empty arrays, empty strings, 0, null and undefined are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy);
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

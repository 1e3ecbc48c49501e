import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';

/** Reshapes data with one JSONata expression; the engine evaluates it before `execute`. */
export const transformNode = defineNode({
  type: 'transform',
  title: 'Transform',
  category: 'Core',
  description: 'Reshape the payload with a JSONata expression. Its result is this step’s output.',
  params: Type.Object(
    {
      expression: Type.String({
        title: 'JSONata expression',
        description: 'Sees trigger, steps, execution. Example: { "email": trigger.body.email }',
        format: 'jsonata',
        minLength: 1,
      }),
    },
    { additionalProperties: false },
  ),
  // Evaluated, `expression` is the result: any JSON value, or absent when it yields nothing.
  evaluatedParams: Type.Object({ expression: Type.Optional(Type.Unknown()) }, { additionalProperties: false }),
  outputs: ['main'],
  pure: true,
  expressionParams: ['expression'],
  async execute(params) {
    return { output: params.expression ?? null };
  },
});

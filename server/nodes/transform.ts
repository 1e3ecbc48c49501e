import { defineNode } from './define-node.ts';

/** Reshapes data with one JSONata expression; the engine evaluates it before `execute`. */
export const transformNode = defineNode<{ expression: unknown }>({
  type: 'transform',
  title: 'Transform',
  category: 'Core',
  description: 'Reshape the payload with a JSONata expression. Its result is this step’s output.',
  params: {
    type: 'object',
    required: ['expression'],
    additionalProperties: false,
    properties: {
      expression: {
        type: 'string',
        title: 'JSONata expression',
        description: 'Sees trigger, steps, execution. Example: { "email": trigger.body.email }',
        format: 'jsonata',
        minLength: 1,
      },
    },
  },
  // Evaluated, `expression` is the result: any JSON value, or absent when it yields nothing.
  evaluatedParams: { type: 'object', additionalProperties: false, properties: { expression: {} } },
  outputs: ['main'],
  expressionParams: ['expression'],
  async execute(params) {
    return { output: params.expression ?? null };
  },
});

import { defineNode } from './define-node.ts';
import { NonRetryableError } from './step-errors.ts';

/** Stops the execution as failed (or, with an `error` edge, hands over to the error path). */
export const failNode = defineNode<{ message: string; code?: string }>({
  type: 'fail',
  title: 'Fail',
  category: 'Flow',
  description: 'Stop with a failure and a message, e.g. when validation of the payload fails.',
  params: {
    type: 'object',
    required: ['message'],
    additionalProperties: false,
    properties: {
      message: { type: 'string', minLength: 1, title: 'Message', description: 'Why the execution stops.' },
      code: {
        type: 'string',
        pattern: '^[a-z0-9_]{1,64}$',
        default: 'workflow_failed',
        title: 'Code',
        description: 'Machine-readable error code recorded with the failure.',
      },
    },
  },
  outputs: ['main'],
  async execute(params) {
    throw new NonRetryableError(String(params.message), params.code ?? 'workflow_failed');
  },
});

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { NonRetryableError } from '../step-errors.ts';

/** Stops the execution as failed (or, with an `error` edge, hands over to the error path). */
export const failNode = defineNode({
  type: 'fail',
  title: 'Fail',
  category: 'Flow',
  description: 'Stop with a failure and a message, e.g. when validation of the payload fails.',
  params: Type.Object(
    {
      message: Type.String({ minLength: 1, title: 'Message', description: 'Why the execution stops.' }),
      code: Type.Optional(
        Type.String({
          pattern: '^[a-z0-9_]{1,64}$',
          default: 'workflow_failed',
          title: 'Code',
          description: 'Machine-readable error code recorded with the failure.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  pure: true,
  async execute(params) {
    throw new NonRetryableError(String(params.message), params.code ?? 'workflow_failed');
  },
});

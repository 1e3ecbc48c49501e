import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { anyValue } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

type State = { executionId: string; polls: number };

const MAX_POLL_MS = 60_000;

/**
 * Runs another workflow with an input and continues with its result. The called
 * workflow runs as its own execution; this one is parked meanwhile (no worker slot) and
 * woken when the child finishes, with a slow poll as a safety net.
 */
export const workflowCallNode = defineNode({
  type: 'workflow.call',
  title: 'Call workflow',
  category: 'Flow',
  description:
    'Run another workflow with an input (its trigger.body) and continue with its result. Fails when the called workflow fails.',
  params: Type.Object(
    {
      workflowId: Type.String({
        title: 'Workflow',
        description: 'Id of the workflow to run (it need not be active).',
        pattern: '^[a-z0-9][a-z0-9-_]{0,79}$',
      }),
      input: Type.Optional(
        anyValue({ title: 'Input', description: 'Becomes the called workflow’s trigger.body, e.g. =steps.shape.' }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  async execute(params, ctx) {
    const { executions } = ctx.services;
    const state = ctx.resume as State | undefined;
    if (!state) {
      const id = await executions.create(params.workflowId, params.input ?? null, {
        executionId: ctx.execution.id,
        key: ctx.key,
      });
      return {
        output: null,
        wait: {
          until: Date.now() + 1000,
          state: { executionId: id, polls: 0 },
          wakeable: true,
          afterSuspend: () => executions.enqueue(id),
        },
      };
    }
    const child = await executions.get(state.executionId);
    if (!child) throw new NonRetryableError(`called execution ${state.executionId} no longer exists`, 'called_missing');
    switch (child.status) {
      case 'succeeded':
        return { output: child.result };
      case 'failed':
      case 'cancelled':
        throw new NonRetryableError(
          `workflow "${params.workflowId}" (execution ${state.executionId}) ${child.status}: ${child.error?.message ?? 'no reason given'}`,
          'called_workflow_failed',
        );
      case 'queued':
      case 'running':
      case 'waiting': {
        const polls = state.polls + 1;
        return {
          output: null,
          wait: {
            until: Date.now() + Math.min(1000 * 2 ** polls, MAX_POLL_MS),
            state: { executionId: state.executionId, polls },
            wakeable: true,
          },
        };
      }
    }
  },
});

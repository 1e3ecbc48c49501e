import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { stringEnum } from '../params.ts';

/**
 * Joins branches. The engine runs it once every incoming edge is settled (branches that
 * did not run are left out), and it combines the outputs of the ones that did.
 */
export const mergeNode = defineNode({
  type: 'merge',
  title: 'Merge',
  category: 'Flow',
  description: 'Wait for all incoming branches, then combine the outputs of those that ran.',
  params: Type.Object(
    {
      mode: Type.Optional(
        stringEnum(['object', 'array', 'concat', 'merge'], {
          default: 'object',
          title: 'Combine as',
          description:
            'object: { <step id>: output }; array: outputs in edge order; concat: arrays joined into one; merge: object outputs shallow-merged, later edges win.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['main'],
  pure: true,
  async execute(params, ctx) {
    const mode = params.mode ?? 'object';
    const entries = Object.entries(ctx.inputs);
    switch (mode) {
      case 'object':
        return { output: Object.fromEntries(entries) };
      case 'array':
        return { output: entries.map(([, v]) => v) };
      case 'concat':
        return { output: entries.flatMap(([, v]) => (Array.isArray(v) ? v : [v])) };
      case 'merge':
        return {
          output: Object.assign(
            {},
            ...entries.map(([, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {})),
          ),
        };
    }
  },
});

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { anyArray } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';

const MAX_ITEMS = 10_000;

/**
 * Runs the steps behind the `each` output once per item (`item` and `index` in their
 * expressions); `done` continues with the iterations' results in item order. The engine
 * does the iterating (engine/run-loop.ts); this checks the parameters.
 */
export const forEachNode = defineNode({
  type: 'forEach',
  title: 'For each',
  category: 'Flow',
  description:
    'Run the steps connected to "each" once per item of an array (item and index in expressions), then continue on "done" with the results in order.',
  params: Type.Object(
    {
      items: anyArray({
        title: 'Items',
        description: `An expression giving an array, e.g. =trigger.body.line_items (at most ${MAX_ITEMS} items).`,
      }),
      concurrency: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 100,
          default: 1,
          title: 'Concurrency',
          description: 'How many iterations run at the same time. Results keep item order either way.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  outputs: ['each', 'done'],
  kind: 'loop',
  async execute(params) {
    const items = params.items;
    if (!Array.isArray(items)) {
      throw new NonRetryableError(
        `items must be an array, got ${items === null ? 'null' : typeof items}`,
        'invalid_items',
      );
    }
    if (items.length > MAX_ITEMS) {
      throw new NonRetryableError(`${items.length} items exceed the limit of ${MAX_ITEMS}`, 'too_many_items');
    }
    const concurrency = Math.min(100, Math.max(1, Math.floor(Number(params.concurrency ?? 1)) || 1));
    return { output: { items, concurrency } };
  },
});

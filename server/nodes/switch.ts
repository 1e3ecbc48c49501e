import { defineNode, type JsonSchema } from './define-node.ts';
import { truthy } from './if.ts';

type Case = { name: string; condition: unknown };

/**
 * The params schema. `condition` differs: saved, a boolean (or an expression); evaluated,
 * any value or nothing, since its truthiness decides.
 */
function paramsSchema(condition: JsonSchema | null): JsonSchema {
  return {
    type: 'object',
    required: ['cases'],
    additionalProperties: false,
    properties: {
      cases: {
        type: 'array',
        title: 'Cases',
        description: 'Checked in order. The name becomes the branch name of the edges leaving this step.',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          required: condition ? ['name', 'condition'] : ['name'],
          additionalProperties: false,
          properties: {
            name: {
              type: 'string',
              title: 'Name',
              description: 'Output name, e.g. critical.',
              pattern: '^[A-Za-z0-9_-]{1,64}$',
              not: { enum: ['default', 'error', 'main'] },
            },
            condition: condition ?? {},
          },
        },
      },
      mode: {
        type: 'string',
        enum: ['first', 'all'],
        default: 'first',
        title: 'Match',
        description: 'first: only the first matching case fires; all: every matching case fires.',
      },
    },
  };
}

/** Routes to named cases; `default` fires when none matches. */
export const switchNode = defineNode<{ cases: Case[]; mode?: 'first' | 'all' }>({
  type: 'switch',
  title: 'Switch',
  category: 'Flow',
  description:
    'Route to the first (or every) case whose condition holds, else to "default". Each case is an output named after it.',
  params: paramsSchema({
    type: 'boolean',
    title: 'Condition',
    description: 'An expression, e.g. =trigger.body.severity = "critical".',
  }),
  evaluatedParams: paramsSchema(null),
  outputs: ['default'],
  dynamicOutputs: (params) =>
    Array.isArray(params.cases)
      ? (params.cases as { name?: unknown }[]).flatMap((c) => (typeof c?.name === 'string' ? [c.name] : []))
      : [],
  async execute(params) {
    const matched: string[] = [];
    for (const c of params.cases) {
      if (!truthy(c.condition)) continue;
      matched.push(c.name);
      if ((params.mode ?? 'first') === 'first') break;
    }
    const branches = matched.length > 0 ? matched : ['default'];
    return { output: { matched: branches }, branches };
  },
});

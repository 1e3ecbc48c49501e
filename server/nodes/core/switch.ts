import { type TSchema, Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { stringEnum } from '../params.ts';
import { truthy } from './if.ts';

/**
 * The params schema. `condition` differs: saved, a boolean (or an expression); evaluated,
 * any value or nothing, since its truthiness decides.
 */
function paramsSchema<C extends TSchema>(condition: C) {
  return Type.Object(
    {
      cases: Type.Array(
        Type.Object(
          {
            name: Type.String({
              title: 'Name',
              description: 'Output name, e.g. critical.',
              pattern: '^[A-Za-z0-9_-]{1,64}$',
              not: { enum: ['default', 'error', 'main'] },
            }),
            condition,
          },
          { additionalProperties: false },
        ),
        {
          title: 'Cases',
          description: 'Checked in order. The name becomes the branch name of the edges leaving this step.',
          minItems: 1,
          maxItems: 50,
        },
      ),
      mode: Type.Optional(
        stringEnum(['first', 'all'], {
          default: 'first',
          title: 'Match',
          description: 'first: only the first matching case fires; all: every matching case fires.',
        }),
      ),
    },
    { additionalProperties: false },
  );
}

/** Routes to named cases; `default` fires when none matches. */
export const switchNode = defineNode({
  type: 'switch',
  title: 'Switch',
  category: 'Flow',
  description:
    'Route to the first (or every) case whose condition holds, else to "default". Each case is an output named after it.',
  params: paramsSchema(
    Type.Boolean({ title: 'Condition', description: 'An expression, e.g. =trigger.body.severity = "critical".' }),
  ),
  evaluatedParams: paramsSchema(Type.Optional(Type.Unknown())),
  outputs: ['default'],
  pure: true,
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

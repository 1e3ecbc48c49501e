import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { DB_RETRY, untilAborted } from '../outbound/client-errors.ts';
import { postgresClient, postgresError } from './client.ts';
import { rowsOut } from './rows.ts';

const Params = Type.Object(
  {
    query: Type.String({
      minLength: 1,
      maxLength: 100_000,
      'x-multiline': true,
      title: 'Query',
      description:
        'SQL with $1, $2 … placeholders, e.g. select * from orders where id = $1. Values never go in the text.',
    }),
    values: Type.Optional(
      Type.Array(Type.Unknown(), {
        maxItems: 10_000,
        title: 'Values',
        description: 'The values of $1, $2 …, e.g. =[trigger.body.id]. Objects are sent as JSON.',
      }),
    ),
    maxRows: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        default: 1000,
        title: 'Max rows',
        description: 'Rows kept in the output; more are cut off and `truncated` is true.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Runs one parameterised statement; its rows are the step's output. */
export const postgresQueryNode = defineNode({
  type: 'postgres.query',
  title: 'PostgreSQL: query',
  category: 'Data',
  description: 'Run a parameterised SQL statement ($1, $2 …) on PostgreSQL; rows out.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['postgres'],
  defaultRetry: DB_RETRY,
  async execute(params, ctx) {
    const sql = await postgresClient(ctx, 'postgres.query');
    // The driver types each value by its column (it describes the statement first): a JSON
    // object reaches a json/jsonb column as JSON.
    const values = params.values ?? [];
    try {
      const pending = sql.unsafe(params.query, values as never[]);
      const result = await untilAborted(ctx.signal, pending, () => void pending.cancel());
      return { output: rowsOut(result, params.maxRows ?? 1000) };
    } catch (err) {
      throw postgresError(err);
    }
  },
});

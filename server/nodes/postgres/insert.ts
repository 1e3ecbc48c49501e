import { type Static, Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { DB_RETRY, untilAborted } from '../outbound/client-errors.ts';
import { stringEnum } from '../params.ts';
import { NonRetryableError } from '../step-errors.ts';
import { postgresClient, postgresError } from './client.ts';
import { rowsOut } from './rows.ts';

const IDENT = '^[A-Za-z_][A-Za-z0-9_$]*$';
const identifier = (title: string, description: string) =>
  Type.String({ pattern: IDENT, maxLength: 63, title, description });

const Params = Type.Object(
  {
    table: Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?$',
      maxLength: 127,
      title: 'Table',
      description: 'Table name, optionally schema.table.',
    }),
    rows: Type.Union([Type.Object({}), Type.Array(Type.Object({}), { minItems: 1, maxItems: 1000 })], {
      title: 'Rows',
      description:
        'One row or a list of rows as {column: value}, e.g. ={"id": trigger.body.id, "total": trigger.body.total}.',
    }),
    onConflict: Type.Optional(
      stringEnum(['error', 'update', 'nothing'], {
        default: 'error',
        title: 'On conflict',
        description: 'update: upsert (set the other columns); nothing: skip rows that exist; error: fail.',
      }),
    ),
    conflictColumns: Type.Optional(
      Type.Array(identifier('Column', 'A column of the unique key.'), {
        minItems: 1,
        maxItems: 32,
        title: 'Conflict columns',
        description: 'The unique key that decides whether a row exists (update and nothing), e.g. ["id"].',
      }),
    ),
  },
  { additionalProperties: false },
);

type Params = Static<typeof Params>;

/** PostgreSQL accepts at most this many bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts (or upserts) rows built from step data. Identifiers are checked against a plain
 * pattern and quoted; every value is a bind parameter, so nothing from the data is SQL.
 */
export const postgresInsertNode = defineNode({
  type: 'postgres.insert',
  title: 'PostgreSQL: insert or upsert',
  category: 'Data',
  description: 'Insert rows into a PostgreSQL table, or upsert them on a unique key; the written rows out.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['postgres'],
  defaultRetry: DB_RETRY,
  async execute(params, ctx) {
    const { text, values } = buildInsert(params);
    const sql = await postgresClient(ctx, 'postgres.insert');
    try {
      const pending = sql.unsafe(text, values as never[]);
      const result = await untilAborted(ctx.signal, pending, () => void pending.cancel());
      return { output: rowsOut(result, 1000) };
    } catch (err) {
      throw postgresError(err);
    }
  },
});

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function buildInsert(params: Params): { text: string; values: unknown[] } {
  const rows = (Array.isArray(params.rows) ? params.rows : [params.rows]) as Record<string, unknown>[];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (columns.length === 0) throw new NonRetryableError('rows have no columns', 'invalid_rows');
  const bad = columns.filter((c) => !new RegExp(IDENT).test(c) || c.length > 63);
  if (bad.length > 0) {
    throw new NonRetryableError(`not a plain column name: ${bad.join(', ')}`, 'invalid_column', { columns: bad });
  }
  const onConflict = params.onConflict ?? 'error';
  const keys = params.conflictColumns ?? [];
  if (onConflict === 'update' && keys.length === 0) {
    throw new NonRetryableError('onConflict "update" needs conflictColumns', 'conflict_columns_required');
  }
  const values: unknown[] = [];
  // A column a row lacks takes the column's default, as it would in a one-row insert.
  const tuples = rows.map(
    (r) =>
      `(${columns
        .map((c) => {
          if (!(c in r)) return 'DEFAULT';
          values.push(r[c]);
          return `$${values.length}`;
        })
        .join(', ')})`,
  );
  if (values.length > MAX_PARAMETERS) {
    throw new NonRetryableError(
      `${values.length} values exceed PostgreSQL's ${MAX_PARAMETERS} per statement`,
      'too_many_values',
    );
  }
  const table = params.table.split('.').map(quote).join('.');
  let text = `insert into ${table} (${columns.map(quote).join(', ')}) values ${tuples.join(', ')}`;
  const target = keys.length > 0 ? ` (${keys.map(quote).join(', ')})` : '';
  if (onConflict === 'nothing') text += ` on conflict${target} do nothing`;
  if (onConflict === 'update') {
    const set = columns.filter((c) => !keys.includes(c));
    text +=
      set.length === 0
        ? ` on conflict${target} do nothing`
        : ` on conflict${target} do update set ${set.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  }
  return { text: `${text} returning *`, values };
}

// Opens the PostgreSQL connection pool and brings the schema up to date. Migrations run in
// one transaction holding a transaction-level advisory lock, so processes that start at the
// same moment wait for each other and each migration is applied exactly once.
import postgres from 'postgres';
import { PG_MIGRATIONS } from './migrations.ts';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

/** An arbitrary constant naming the migration lock (the first 8 bytes of "hookflow" as int8). */
const MIGRATION_LOCK = 7526752238012622712n;

export type PostgresOptions = { url: string; maxConnections?: number };

export async function connectPostgres(opts: PostgresOptions): Promise<Sql> {
  const sql = postgres(opts.url, {
    max: opts.maxConnections ?? 10,
    onnotice: () => {},
    // Epoch milliseconds and COUNT(*) come back as int8: numbers are exact up to 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
    },
    connect_timeout: 10,
    // Statements are prepared per connection once and reused: the hot path is a few shapes.
    prepare: true,
  }) as unknown as Sql;
  try {
    await migrate(sql);
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
  return sql;
}

async function migrate(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`;
    const applied = new Set((await tx<{ name: string }[]>`SELECT name FROM schema_migrations`).map((r) => r.name));
    for (const m of PG_MIGRATIONS) {
      if (applied.has(m.name)) continue;
      await tx.unsafe(m.sql);
      await tx`INSERT INTO schema_migrations (name, applied_at) VALUES (${m.name}, ${Date.now()})`;
    }
  });
}

// `hookflow migrate --from sqlite://data/hookflow.db --to postgres://… [--dry-run]`: moves
// an instance from the embedded store to PostgreSQL. Copies what defines the instance —
// workflows (with their trigger tokens, so every trigger URL keeps working), version history,
// credentials (still sealed: the target servers need the same ENCRYPTION_KEY), users and API
// keys — in one transaction, into a database that holds none of these yet. Execution history,
// sessions and the audit log stay behind. The SQLite file is opened read-only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { connectPostgres } from '../../store/postgres/connect.ts';
import { MIGRATIONS } from '../../store/sqlite/migrations.ts';
import { CliError } from '../api-client.ts';
import type { CommandIo } from './io.ts';

export type MigrateOptions = { from: string | undefined; to: string | undefined; dryRun: boolean };

type Row = Record<string, string | number | boolean | null>;

/** Tables copied, in order, with their columns (the same names in both schemas). */
const TABLES: { table: string; what: string; columns: string[]; booleans?: string[] }[] = [
  {
    table: 'workflows',
    what: 'workflows',
    columns: ['id', 'name', 'active', 'version', 'document', 'token', 'created_at', 'updated_at'],
    booleans: ['active'],
  },
  {
    table: 'workflow_versions',
    what: 'workflow versions',
    columns: ['workflow_id', 'version', 'document', 'source', 'created_at'],
  },
  { table: 'credentials', what: 'credentials', columns: ['name', 'type', 'sealed', 'created_at', 'updated_at'] },
  {
    table: 'users',
    what: 'users',
    columns: ['id', 'email', 'password_hash', 'role', 'created_at', 'disabled_at'],
  },
  {
    table: 'api_keys',
    what: 'API keys',
    columns: [
      'id',
      'name',
      'user_id',
      'role',
      'prefix',
      'key_hash',
      'created_at',
      'last_used_at',
      'revoked_at',
      'admin_key_hash',
    ],
  },
];

/** `sqlite://data/hookflow.db` (relative to the working directory) or `sqlite:///abs/path.db`. */
export function sqliteFile(from: string | undefined): string {
  if (!from?.startsWith('sqlite://') || from.length <= 'sqlite://'.length) {
    throw new CliError('--from must be sqlite://<path to hookflow.db>, e.g. sqlite://data/hookflow.db', 2);
  }
  const file = path.resolve(from.slice('sqlite://'.length));
  if (!existsSync(file)) throw new CliError(`--from: no such file ${file}`, 2);
  return file;
}

function postgresUrl(to: string | undefined): string {
  let protocol = '';
  try {
    protocol = new URL(to ?? '').protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new CliError('--to must be a postgres:// URL, e.g. postgres://user:pass@host:5432/hookflow', 2);
  }
  return to as string;
}

function readSource(file: string): Map<string, Row[]> {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true });
  } catch (err) {
    throw new CliError(`--from: cannot open ${file}: ${(err as Error).message}`, 2);
  }
  try {
    let applied: Set<string>;
    try {
      applied = new Set(
        (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name),
      );
    } catch {
      throw new CliError(`--from: ${file} is not a Hookflow database`, 2);
    }
    const missing = MIGRATIONS.filter((m) => !applied.has(m.name)).map((m) => m.name);
    if (missing.length > 0) {
      throw new CliError(
        `--from: ${file} predates this version (missing ${missing.join(', ')}): start Hookflow once on it first`,
        2,
      );
    }
    const data = new Map<string, Row[]>();
    for (const t of TABLES) {
      const rows = db.prepare(`SELECT ${t.columns.join(', ')} FROM ${t.table}`).all() as Row[];
      data.set(
        t.table,
        rows.map((r) => {
          const out: Row = { ...r };
          for (const b of t.booleans ?? []) out[b] = r[b] === 1;
          return out;
        }),
      );
    }
    return data;
  } finally {
    db.close();
  }
}

export async function migrateCommand(opts: MigrateOptions, io: CommandIo): Promise<number> {
  const file = sqliteFile(opts.from);
  const url = postgresUrl(opts.to);
  const data = readSource(file);
  const target = new URL(url);
  const where = `${target.host}${target.pathname}`;
  io.out(`${opts.dryRun ? 'would copy' : 'copying'} from ${file} to PostgreSQL ${where}:`);
  for (const t of TABLES) io.out(`  ${String(data.get(t.table)?.length ?? 0).padStart(6)} ${t.what}`);
  if (opts.dryRun) {
    io.out('dry run: nothing was written (the target is checked and migrated only by a real run)');
    return 0;
  }

  let sql: Awaited<ReturnType<typeof connectPostgres>>;
  try {
    sql = await connectPostgres({ url, maxConnections: 1 });
  } catch (err) {
    throw new CliError(`--to: cannot use ${where}: ${(err as Error).message}`);
  }
  try {
    await sql.begin(async (tx) => {
      for (const t of TABLES) {
        const [{ n }] = await tx.unsafe<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${t.table}`);
        if (n > 0) {
          throw new CliError(
            `--to: ${where} already holds ${t.what}: migrate into a database without workflows, credentials, users or keys`,
          );
        }
      }
      for (const t of TABLES) {
        const rows = data.get(t.table) ?? [];
        // Small batches keep each statement under PostgreSQL's parameter limit.
        for (let i = 0; i < rows.length; i += 500) {
          await tx`INSERT INTO ${tx(t.table)} ${tx(rows.slice(i, i + 500), ...t.columns)}`;
        }
      }
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  io.out(`done. Start Hookflow with DATABASE_URL set to the target and the same ENCRYPTION_KEY as before`);
  const keyFile = path.join(path.dirname(file), 'encryption.key');
  if (existsSync(keyFile)) io.out(`(this instance's key is in ${keyFile}: copy it or pass it as ENCRYPTION_KEY)`);
  return 0;
}

// A real PostgreSQL for tests: the machine's server (127.0.0.1:5432, user postgres, trust
// auth), or the one named by TEST_DATABASE_URL / the libpq variables PGHOST, PGPORT, PGUSER,
// PGPASSWORD (CI). Each caller gets a fresh database, dropped afterwards. A server that does
// not answer is a failure, never a skip: .ci/run starts the machine's PostgreSQL first.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

/** The server's maintenance database, as a URL. */
export function postgresServerUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const u = new URL('postgres://127.0.0.1:5432/postgres');
  if (process.env.PGHOST) u.hostname = process.env.PGHOST;
  if (process.env.PGPORT) u.port = process.env.PGPORT;
  u.username = process.env.PGUSER ?? 'postgres';
  if (process.env.PGPASSWORD) u.password = process.env.PGPASSWORD;
  return u.toString();
}

function admin() {
  return postgres(postgresServerUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
}

export async function createTestDatabase(prefix = 'hookflow_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const sql = admin();
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } catch (err) {
    throw new Error(
      `PostgreSQL is required by the tests and did not answer at ${redacted(postgresServerUrl())}: ${(err as Error).message}. Start it (.ci/run does) or set TEST_DATABASE_URL.`,
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
  const u = new URL(postgresServerUrl());
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const s = admin();
      try {
        // FORCE ends connections a crashed test process left behind.
        await s.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await s.end({ timeout: 1 });
      }
    },
  };
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

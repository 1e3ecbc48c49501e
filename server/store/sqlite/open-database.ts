// Opens the embedded database: WAL so readers never block the writer, a busy timeout so
// api and worker processes can share one file, and migrations under an exclusive lock.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations.ts';

/** How long a statement outside the write batcher waits for another process's write lock. */
export const BUSY_TIMEOUT_MS = 10_000;

export type SqliteOptions = { file: string; synchronous: 'normal' | 'full' };

export function openDatabase({ file, synchronous }: SqliteOptions): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL');
  // NORMAL in WAL mode survives any process crash; FULL also survives power loss.
  db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA temp_store = MEMORY');
  migrate(db);
  return db;
}

function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set(
      (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name),
    );
    const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
    for (const m of MIGRATIONS) {
      if (applied.has(m.name)) continue;
      db.exec(m.sql);
      record.run(m.name, Date.now());
    }
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** Runs `fn` in a write transaction; BEGIN IMMEDIATE takes the write lock up front. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

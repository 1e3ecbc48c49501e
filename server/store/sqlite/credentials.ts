// Credentials in SQLite. Values arrive sealed by the vault; this file never sees plaintext.
import type { DatabaseSync } from 'node:sqlite';
import { type CredentialDb, toCredential } from '../sql-rows/credential-rows.ts';
import type { Store } from '../store.ts';
import { transaction } from './open-database.ts';

export function sqliteCredentials(
  db: DatabaseSync,
): Pick<Store, 'listCredentials' | 'getCredential' | 'putCredential' | 'deleteCredential'> {
  const get = db.prepare('SELECT * FROM credentials WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO credentials (name, type, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET type = excluded.type, sealed = excluded.sealed, updated_at = excluded.updated_at`,
  );
  return {
    async listCredentials() {
      return (db.prepare('SELECT * FROM credentials ORDER BY name').all() as CredentialDb[]).map(toCredential);
    },
    async getCredential(name) {
      const r = get.get(name) as CredentialDb | undefined;
      return r ? toCredential(r) : null;
    },
    async putCredential(c, now = Date.now()) {
      return transaction(db, () => {
        const existed = get.get(c.name) !== undefined;
        upsert.run(c.name, c.type, c.sealed, now, now);
        return { created: !existed };
      });
    },
    async deleteCredential(name) {
      return db.prepare('DELETE FROM credentials WHERE name = ?').run(name).changes > 0;
    },
  };
}

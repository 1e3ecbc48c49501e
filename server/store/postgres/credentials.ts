// Credentials in PostgreSQL. Values arrive sealed by the vault; this file never sees plaintext.
import type { CredentialRow, Store } from '../store.ts';
import type { Sql } from './connect.ts';

type Row = { name: string; type: string; sealed: string; created_at: number; updated_at: number };

const toRow = (r: Row): CredentialRow => ({
  name: r.name,
  type: r.type,
  sealed: r.sealed,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function pgCredentials(
  sql: Sql,
): Pick<Store, 'listCredentials' | 'getCredential' | 'putCredential' | 'deleteCredential'> {
  return {
    async listCredentials() {
      return (await sql<Row[]>`SELECT * FROM credentials ORDER BY name`).map(toRow);
    },
    async getCredential(name) {
      const [r] = await sql<Row[]>`SELECT * FROM credentials WHERE name = ${name}`;
      return r ? toRow(r) : null;
    },
    async putCredential(c, now = Date.now()) {
      // xmax is 0 on a freshly inserted row version and set when ON CONFLICT updated one.
      const [r] = await sql<{ created: boolean }[]>`
        INSERT INTO credentials (name, type, sealed, created_at, updated_at)
        VALUES (${c.name}, ${c.type}, ${c.sealed}, ${now}, ${now})
        ON CONFLICT (name) DO UPDATE SET type = excluded.type, sealed = excluded.sealed, updated_at = excluded.updated_at
        RETURNING (xmax = 0) AS created`;
      return { created: r.created };
    },
    async deleteCredential(name) {
      return (await sql`DELETE FROM credentials WHERE name = ${name}`).count > 0;
    },
  };
}

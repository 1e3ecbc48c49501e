// Credentials in PostgreSQL. Values arrive sealed by the vault; this file never sees plaintext.

import { type CredentialDb, toCredential } from '../sql-rows/credential-rows.ts';
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgCredentials(
  sql: Sql,
): Pick<Store, 'listCredentials' | 'getCredential' | 'putCredential' | 'deleteCredential'> {
  return {
    async listCredentials() {
      return (await sql<CredentialDb[]>`SELECT * FROM credentials ORDER BY name`).map(toCredential);
    },
    async getCredential(name) {
      const [r] = await sql<CredentialDb[]>`SELECT * FROM credentials WHERE name = ${name}`;
      return r ? toCredential(r) : null;
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

// Named cluster-wide leases in PostgreSQL: one upsert that only succeeds for the current owner
// or once the previous owner's lease has run out (the row lock orders concurrent attempts).
import type { Store } from '../store.ts';
import type { Sql } from './connect.ts';

export function pgLeases(sql: Sql): Pick<Store, 'tryAcquireLease'> {
  return {
    async tryAcquireLease(name, owner, ms, now = Date.now()) {
      const r = await sql`
        INSERT INTO leases (name, owner, until) VALUES (${name}, ${owner}, ${now + ms})
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
        WHERE leases.owner = excluded.owner OR leases.until <= ${now}`;
      return r.count > 0;
    },
  };
}

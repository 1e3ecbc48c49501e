// Named cluster-wide leases in SQLite: one upsert that only succeeds for the current owner
// or once the previous owner's lease has run out. Through the write batcher, so that a write
// lock held by another process is waited for off the event loop.
import type { DatabaseSync } from 'node:sqlite';
import type { Store } from '../store.ts';
import type { WriteBatcher } from './write-batcher.ts';

export function sqliteLeases(db: DatabaseSync, write: WriteBatcher): Pick<Store, 'tryAcquireLease'> {
  const acquire = db.prepare(
    `INSERT INTO leases (name, owner, until) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
     WHERE leases.owner = excluded.owner OR leases.until <= ?`,
  );
  return {
    async tryAcquireLease(name, owner, ms, now = Date.now()) {
      return (await write(() => acquire.run(name, owner, now + ms, now))).changes > 0;
    },
  };
}

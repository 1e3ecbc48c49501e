// Named cluster-wide leases in MongoDB: an upsert that matches only the current owner or an
// expired lease; when another owner holds it, the upsert's insert hits the `_id` and fails.
import type { Connection } from 'mongoose';
import type { Store } from '../store.ts';
import { isDuplicateKey, models, raw } from './models.ts';

export function mongoLeases(conn: Connection): Pick<Store, 'tryAcquireLease'> {
  const { Lease } = models(conn);
  return {
    async tryAcquireLease(name, owner, ms, now = Date.now()) {
      try {
        await raw(Lease).updateOne(
          { _id: name, $or: [{ owner }, { until: { $lte: now } }] },
          { $set: { owner, until: now + ms } },
          { upsert: true },
        );
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
  };
}

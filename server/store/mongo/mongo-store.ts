// The MongoDB Store, chosen when MONGODB_URI is set. Composed from one file per area, each
// exporting `mongo<Area>(conn)`, the same way the sqlite store is. The server must be a
// replica set (a single node is fine): saving a workflow with its version is a transaction.
import mongoose, { type Connection } from 'mongoose';
import type { Store } from '../store.ts';
import { mongoAlertSlots } from './alert-slots.ts';
import { mongoAudit } from './audit.ts';
import { mongoAuth } from './auth.ts';
import { mongoCredentials } from './credentials.ts';
import { mongoDrafts } from './drafts.ts';
import { mongoExecutionWakeups } from './execution-wakeups.ts';
import { mongoExecutions } from './executions.ts';
import { mongoLeases } from './leases.ts';
import { mongoRetention } from './retention.ts';
import { mongoTriggerSamples } from './trigger-samples.ts';
import { mongoWorkflows } from './workflows.ts';

export function mongoStoreFromConnection(conn: Connection): Store {
  let closed = false;
  return {
    kind: 'mongo',
    ...mongoWorkflows(conn),
    ...mongoExecutions(conn),
    ...mongoLeases(conn),
    ...mongoTriggerSamples(conn),
    ...mongoCredentials(conn),
    ...mongoExecutionWakeups(conn),
    ...mongoDrafts(conn),
    ...mongoAuth(conn),
    ...mongoAudit(conn),
    ...mongoRetention(conn),
    ...mongoAlertSlots(conn),
    async ping() {
      if (closed) throw new Error('store is closed');
      const db = conn.db;
      if (!db) throw new Error('MongoDB is not connected');
      await db.command({ ping: 1 });
    },
    async close() {
      if (closed) return;
      closed = true;
      await conn.close();
    },
  };
}

export async function createMongoStore(opts: { uri: string; serverSelectionTimeoutMs?: number }): Promise<Store> {
  const conn = await mongoose
    .createConnection(opts.uri, {
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 10_000,
      // Indexes are part of the contract (unique token, dedupe TTL): build them at start-up.
      autoIndex: true,
    })
    .asPromise();
  const store = mongoStoreFromConnection(conn);
  // Every area has registered its models by now; wait for their indexes before serving.
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  return store;
}

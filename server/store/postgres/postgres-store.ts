// The PostgreSQL Store, chosen when DATABASE_URL is set: the store several hosts share.
// Composed from one file per area, each exporting `pg<Area>(sql)`, like sqlite/ and mongo/.
// The driver (porsager `postgres`) pipelines concurrent queries on its connections; on top,
// the ingest insert (insert-batcher.ts) and the worker's writes (write-batcher.ts) commit
// what one event-loop turn issued together.
import type { Store } from '../store.ts';
import { pgAlertSlots } from './alert-slots.ts';
import { pgAudit } from './audit.ts';
import { pgAuth } from './auth.ts';
import { connectPostgres, type PostgresOptions, type Sql } from './connect.ts';
import { pgCredentials } from './credentials.ts';
import { pgDrafts } from './drafts.ts';
import { pgExecutionWakeups } from './execution-wakeups.ts';
import { pgExecutions } from './executions.ts';
import { pgLeases } from './leases.ts';
import { pgRetention } from './retention.ts';
import { pgTriggerSamples } from './trigger-samples.ts';
import { pgWorkflows } from './workflows.ts';
import { createPgWriteBatcher } from './write-batcher.ts';

export function pgStoreFromSql(sql: Sql): Store {
  let closed = false;
  const write = createPgWriteBatcher(sql);
  return {
    kind: 'postgres',
    ...pgWorkflows(sql),
    ...pgExecutions(sql, write),
    ...pgCredentials(sql),
    ...pgExecutionWakeups(sql),
    ...pgDrafts(sql),
    ...pgTriggerSamples(sql),
    ...pgAuth(sql),
    ...pgAudit(sql),
    ...pgRetention(sql),
    ...pgLeases(sql),
    ...pgAlertSlots(sql),
    async ping() {
      if (closed) throw new Error('store is closed');
      await sql`SELECT 1`;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Queries already issued (batched inserts included) finish before the pool closes.
      await new Promise((r) => setImmediate(r));
      await sql.end({ timeout: 5 });
    },
  };
}

export async function createPostgresStore(opts: PostgresOptions): Promise<Store> {
  return pgStoreFromSql(await connectPostgres(opts));
}

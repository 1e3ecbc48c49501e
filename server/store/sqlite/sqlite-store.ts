// The embedded Store: one SQLite file under DATA_DIR. Default when MONGODB_URI is unset.
import path from 'node:path';
import type { Store } from '../store.ts';
import { sqliteAlertSlots } from './alert-slots.ts';
import { sqliteAudit } from './audit.ts';
import { sqliteAuth } from './auth.ts';
import { sqliteCredentials } from './credentials.ts';
import { sqliteDrafts } from './drafts.ts';
import { sqliteExecutionWakeups } from './execution-wakeups.ts';
import { sqliteExecutions } from './executions.ts';
import { sqliteLeases } from './leases.ts';
import { openDatabase } from './open-database.ts';
import { sqliteRetention } from './retention.ts';
import { sqliteTriggerSamples } from './trigger-samples.ts';
import { sqliteWorkflows } from './workflows.ts';
import { createWriteBatcher } from './write-batcher.ts';

export function createSqliteStore(opts: { dataDir: string; synchronous?: 'normal' | 'full'; file?: string }): Store {
  const db = openDatabase({
    file: opts.file ?? path.join(opts.dataDir, 'hookflow.db'),
    synchronous: opts.synchronous ?? 'normal',
  });
  const write = createWriteBatcher(db);
  let closed = false;
  return {
    kind: 'sqlite',
    ...sqliteWorkflows(db),
    ...sqliteExecutions(db, write),
    ...sqliteDrafts(db),
    ...sqliteCredentials(db),
    ...sqliteExecutionWakeups(db, write),
    ...sqliteTriggerSamples(db, write),
    ...sqliteAuth(db),
    ...sqliteAudit(db),
    ...sqliteRetention(db, write),
    ...sqliteLeases(db, write),
    ...sqliteAlertSlots(db, write),
    async ping() {
      if (closed) throw new Error('store is closed');
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      await write(() => null); // let writes already issued commit
      db.close();
    },
  };
}

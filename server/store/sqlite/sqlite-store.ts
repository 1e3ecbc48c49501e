// The embedded Store: one SQLite file under DATA_DIR. Default when MONGODB_URI is unset.
import path from 'node:path';
import type { Store } from '../store.ts';
import { sqliteAlertSlots } from './alert-slots.ts';
import { sqliteAudit } from './audit.ts';
import { sqliteAuth } from './auth.ts';
import {
  CHECKPOINTER_DEFAULTS,
  type CheckpointerOptions,
  type CheckpointerState,
  createCheckpointer,
} from './checkpointer.ts';
import { sqliteCredentials } from './credentials.ts';
import { sqliteDrafts } from './drafts.ts';
import { sqliteExecutionWakeups } from './execution-wakeups.ts';
import { sqliteExecutions } from './executions.ts';
import { sqliteLeases } from './leases.ts';
import { openDatabase, type SqliteOptions } from './open-database.ts';
import { sqliteRetention } from './retention.ts';
import { sqliteTriggerSamples } from './trigger-samples.ts';
import { sqliteWorkflows } from './workflows.ts';
import { createWriteBatcher } from './write-batcher.ts';

export type SqliteStoreOptions = {
  dataDir: string;
  synchronous?: SqliteOptions['synchronous'];
  file?: string;
  /** When checkpoints move to a thread of their own (checkpointer.ts); `false`: never. */
  checkpointer?: Partial<Omit<CheckpointerOptions, 'file' | 'synchronous' | 'onThreadFailed'>> | false;
  /** Told when the checkpoint thread failed (the connection checkpoints again meanwhile). */
  onCheckpointThreadFailed?: (err: Error) => void;
};

export function createSqliteStore(opts: SqliteStoreOptions): Store & { checkpointer: CheckpointerState | null } {
  const file = opts.file ?? path.join(opts.dataDir, 'hookflow.db');
  const synchronous = opts.synchronous ?? 'normal';
  const db = openDatabase({ file, synchronous });
  const checkpointer =
    opts.checkpointer === false || file === ':memory:'
      ? null
      : createCheckpointer(db, {
          ...CHECKPOINTER_DEFAULTS,
          ...opts.checkpointer,
          file,
          synchronous,
          onThreadFailed: opts.onCheckpointThreadFailed ?? (() => {}),
        });
  const write = createWriteBatcher(db, { onCommit: checkpointer?.noteCommit });
  let closed = false;
  return {
    kind: 'sqlite',
    checkpointer,
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
      await checkpointer?.close();
      db.close();
    },
  };
}

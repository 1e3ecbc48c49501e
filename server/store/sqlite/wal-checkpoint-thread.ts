// The WAL checkpointer's own thread (wal-checkpointer.ts starts it): one connection to the
// database file that copies the WAL back into it when asked, and waits out the fsyncs here,
// not on the event loop. First a PASSIVE pass, which never takes the write lock, copies the
// bulk while the writer carries on; then a RESTART pass copies the few frames committed
// meanwhile and rewinds the WAL. Without that second pass a WAL written to without pause is
// never fully copied, so never rewound, and grows without end. It needs the write lock, so
// it is tried once, without waiting (busy timeout 0): a waiting checkpointer would also hold
// off SQLite's own backstop checkpoint. Replies with the WAL's size in pages.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file } = workerData as { file: string };
const db = new DatabaseSync(file, { timeout: 0 });
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

parentPort?.on('message', (msg: 'checkpoint' | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    let r = passive.get() as { busy: number; log: number; checkpointed: number };
    try {
      r = restart.get() as typeof r;
    } catch {
      // SQLITE_BUSY: the writer is mid-batch; the next pass tries again.
    }
    parentPort?.postMessage({ walPages: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});

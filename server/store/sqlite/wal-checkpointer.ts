// Checkpoints the WAL off the event loop. SQLite's automatic checkpoint runs inside whichever
// COMMIT takes the WAL past 1,000 pages, and fsyncs the WAL and the database file there: a
// stall of 5-15 ms (measured on this project's 2-core machine) on the thread that answers
// webhooks, every few thousand writes. Here a worker thread with its own connection
// (wal-checkpoint-thread.ts) checkpoints after every CHECKPOINT_EVERY commits and on a slow
// timer, and SQLite's own checkpoint stays only as a backstop at BACKSTOP_PAGES, which the
// thread keeps the WAL far below (it also covers the thread's start-up, and a failed thread).
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

const CHECKPOINT_EVERY = 64;
const IDLE_CHECK_MS = 5000;
const BACKSTOP_PAGES = 10_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** A WAL file that once grew past this is cut back to it when rewound. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

export type WalCheckpointer = {
  /** The write batcher calls this after each COMMIT. */
  committed(): void;
  close(): Promise<void>;
};

export function createWalCheckpointer(db: DatabaseSync, file: string): WalCheckpointer {
  db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  let worker: Worker | null = null;
  let running = false;
  let since = 0;
  let failed = false;
  let closing: Promise<void> | null = null;

  const fallBack = () => {
    if (failed) return;
    failed = true;
    db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };

  const start = (): Worker => {
    const w = new Worker(new URL('./wal-checkpoint-thread.ts', import.meta.url), {
      workerData: { file },
    });
    w.unref();
    w.on('message', (m: { walPages?: number; error?: string }) => {
      running = false;
      if (m.error !== undefined) fallBack();
    });
    w.on('error', fallBack);
    w.on('exit', () => {
      worker = null;
      running = false;
      if (!closing) fallBack();
    });
    return w;
  };

  const request = () => {
    if (running || failed || closing || !worker) return;
    running = true;
    since = 0;
    worker.postMessage('checkpoint');
  };

  const timer = setInterval(() => {
    if (worker) request();
  }, IDLE_CHECK_MS);
  timer.unref();

  return {
    committed() {
      // Started at the first write, not at start-up: a process that never writes (an idle
      // api, a test) does not pay for the thread.
      if (!worker && !failed && !closing) worker = start();
      if (++since >= CHECKPOINT_EVERY) request();
    },
    close() {
      clearInterval(timer);
      closing ??= new Promise<void>((resolve) => {
        if (!worker) return resolve();
        // Held open until the thread is gone, or the process could end before its connection closes.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
      return closing;
    },
  };
}

// Who checkpoints the WAL. At rest and under light writes, the store's own connection does
// (SQLite's auto-checkpoint, every 1,000 pages). Once writes flow (`startAfterWrites` within
// `windowMs`), a thread of its own does (checkpoint-thread.mjs) and the connection's
// auto-checkpoint is off; after `idleMs` without writes the thread ends and the connection
// takes over again. Measured on this repository's 2-core machine: a checkpoint cost the
// event loop ~30 ms per 1,000 pages, ~45 µs per end-to-end execution (9 % of its main-thread
// time), and it made the ack p99 at 200 req/s (19-24 ms against 6-9 ms without).
// The thread exists only under load because it costs RSS (~21 MB for the isolate alone,
// 30-60 MB at the end-to-end bench's peak), which an idle server should not carry. If it
// fails, the connection checkpoints again, as before.
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { SqliteOptions } from './open-database.ts';

/** What checkpoint-thread.mjs is started with. */
type CheckpointThreadOptions = Pick<CheckpointerOptions, 'file' | 'synchronous' | 'restartAtFrames'>;
/** To the thread: checkpoint now (after about as many writes as SQLite's own auto-checkpoint
 * waits for), or a last checkpoint and end. */
type CheckpointCommand = 'checkpoint' | 'stop';
/** From the thread, after every checkpoint. */
type CheckpointReport = { log: number; checkpointed: number; restarted: boolean };

export type CheckpointerOptions = {
  file: string;
  synchronous: SqliteOptions['synchronous'];
  startAfterWrites: number;
  windowMs: number;
  idleMs: number;
  /** Writes between two checkpoints by the thread (SQLite's own default is 1,000 pages). */
  checkpointEveryWrites: number;
  /** A log this long is checkpointed with RESTART, so that the next writer starts it over. At
   * 1,000 (SQLite's own length) the bench ran 11 % faster than without the thread; at 4,000,
   * with a longer log to look pages up in, it cost 7 % more CPU per execution than without. */
  restartAtFrames: number;
  /** Writes without a checkpoint report after which the connection checkpoints again, until
   * the thread catches up: a thread starved of CPU must not let the log grow without bound. */
  lagLimitWrites: number;
  /** After the thread failed, how long the connection keeps the checkpoints before a retry. */
  retryAfterMs: number;
  onThreadFailed: (err: Error) => void;
  /** The thread's entry; tests start a failing one to see the connection take over. */
  threadUrl?: URL;
};

export const CHECKPOINTER_DEFAULTS = {
  startAfterWrites: 1000,
  windowMs: 5000,
  idleMs: 30_000,
  checkpointEveryWrites: 1000,
  restartAtFrames: 1000,
  lagLimitWrites: 10_000,
  retryAfterMs: 60_000,
} as const;

/** SQLite's default, restored whenever the connection checkpoints for itself. */
const AUTO_CHECKPOINT_PAGES = 1000;

export type CheckpointerState = {
  /** The thread is checkpointing (and the connection's auto-checkpoint is off). */
  readonly threaded: boolean;
  /** Checkpoints by the thread that found pages to copy, since the store opened. */
  readonly checkpoints: number;
  /** Of those, the ones that restarted the log. */
  readonly restarts: number;
};

export type Checkpointer = CheckpointerState & {
  /** The write batcher reports each commit's number of writes. */
  noteCommit(writes: number): void;
  /** Ends the thread (its last checkpoint included); the connection checkpoints from then on. */
  close(): Promise<void>;
};

export function createCheckpointer(db: DatabaseSync, opts: CheckpointerOptions): Checkpointer {
  let worker: Worker | null = null;
  let threaded = false;
  let closed = false;
  let windowStart = 0;
  let windowWrites = 0;
  let writesSinceCheckpoint = 0;
  // One checkpoint command at a time: commands queued behind a slow checkpoint would run back
  // to back, and their RESTARTs would keep the writer out all that while.
  let inFlight = false;
  let owed = false;
  let writesSinceReport = 0;
  let connectionStandsIn = false;
  let lastWriteAt = 0;
  let blockedUntil = 0;
  let checkpoints = 0;
  let restarts = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  let stopping: Promise<void> | null = null;

  const connectionCheckpoints = (on: boolean) =>
    db.exec(`PRAGMA wal_autocheckpoint = ${on ? AUTO_CHECKPOINT_PAGES : 0}`);

  const start = () => {
    const workerData: CheckpointThreadOptions = {
      file: opts.file,
      synchronous: opts.synchronous,
      restartAtFrames: opts.restartAtFrames,
    };
    // No resourceLimits: it allocates next to nothing, and a worker that hits its limit in
    // one allocation aborts the whole process (nodejs/node#47224, see expression-pool.ts).
    let w: Worker;
    try {
      w = new Worker(opts.threadUrl ?? new URL('./checkpoint-thread.mjs', import.meta.url), { workerData });
    } catch (err) {
      // Refused at once (a worker that cannot be initialised): this runs inside a commit's
      // callback, so it is reported like a thread that failed later, never thrown.
      blockedUntil = Date.now() + opts.retryAfterMs;
      opts.onThreadFailed(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    worker = w;
    // The next thread needs a window of its own: the writes that started this one do not count.
    windowWrites = 0;
    writesSinceCheckpoint = 0;
    writesSinceReport = 0;
    inFlight = false;
    owed = false;
    w.unref();
    w.on('message', (m: CheckpointReport | 'ready') => {
      // A thread that was closed or failed meanwhile (its last report included) changes nothing.
      if (worker !== w) return;
      if (m === 'ready') {
        // Off only once the thread is there: until then the connection keeps checkpointing.
        connectionCheckpoints(false);
        threaded = true;
        return;
      }
      if (m.checkpointed > 0) checkpoints++;
      if (m.restarted) restarts++;
      writesSinceReport = 0;
      if (connectionStandsIn) {
        connectionStandsIn = false;
        connectionCheckpoints(false);
      }
      inFlight = false;
      if (owed) requestCheckpoint();
    });
    w.on('error', (err: unknown) => failed(w, err instanceof Error ? err : new Error(String(err))));
    w.on('exit', (code) => {
      if (worker === w) failed(w, new Error(`the checkpoint thread exited with code ${code}`));
    });
    idleTimer = setInterval(
      () => {
        if (Date.now() - lastWriteAt >= opts.idleMs) void stop();
      },
      Math.max(10, Math.floor(opts.idleMs / 4)),
    );
    idleTimer.unref();
  };

  /** Starts a thread once the window holds enough writes. Writes that come while the last
   * thread is still ending count too: one thread at a time, but the next one starts as soon
   * as that one has ended, not only with a commit after it. */
  const startIfLoaded = (now: number) => {
    if (stopping || worker || closed || now < blockedUntil) return;
    if (now - windowStart <= opts.windowMs && windowWrites >= opts.startAfterWrites) start();
  };

  const requestCheckpoint = () => {
    if (!worker) return;
    owed = inFlight;
    if (inFlight) return;
    inFlight = true;
    worker.postMessage('checkpoint' satisfies CheckpointCommand);
  };

  const failed = (w: Worker, err: Error) => {
    if (worker !== w) return;
    release();
    blockedUntil = Date.now() + opts.retryAfterMs;
    void w.terminate();
    opts.onThreadFailed(err);
  };

  /** Hands the checkpoints back to the connection and forgets the thread. */
  const release = () => {
    if (idleTimer) clearInterval(idleTimer);
    idleTimer = null;
    worker = null;
    if (threaded && db.isOpen) connectionCheckpoints(true);
    threaded = false;
    connectionStandsIn = false;
  };

  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    const w = worker;
    if (!w) return Promise.resolve();
    stopping = new Promise<void>((resolve) => {
      // The connection takes over first, so no commit goes without a checkpointer.
      release();
      // Referenced until it has ended, so a close() awaited last in a process completes.
      w.ref();
      w.once('exit', () => resolve());
      w.postMessage('stop' satisfies CheckpointCommand);
      // Its last checkpoint waits at most its busy timeout; never let a close hang on it.
      setTimeout(() => void w.terminate(), 5000).unref();
    }).finally(() => {
      stopping = null;
      startIfLoaded(Date.now());
    });
    return stopping;
  };

  return {
    get threaded() {
      return threaded;
    },
    get checkpoints() {
      return checkpoints;
    },
    get restarts() {
      return restarts;
    },
    noteCommit(writes) {
      const now = Date.now();
      lastWriteAt = now;
      if (threaded) {
        writesSinceReport += writes;
        if (writesSinceReport >= opts.lagLimitWrites && !connectionStandsIn) {
          connectionStandsIn = true;
          connectionCheckpoints(true);
        }
        writesSinceCheckpoint += writes;
        if (writesSinceCheckpoint >= opts.checkpointEveryWrites) {
          writesSinceCheckpoint = 0;
          requestCheckpoint();
        }
        return;
      }
      if (worker || closed || now < blockedUntil) return;
      if (now - windowStart > opts.windowMs) {
        windowStart = now;
        windowWrites = 0;
      }
      windowWrites += writes;
      startIfLoaded(now);
    },
    async close() {
      closed = true;
      await stop();
    },
  };
}

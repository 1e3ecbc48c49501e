// The WAL checkpointer's thread (started by checkpointer.ts while writes flow). It copies
// committed pages from the write-ahead log into the database file on a connection of its
// own, so the event loop never waits for that copy: run by the committing connection, as
// SQLite does by default, a checkpoint of 1,000 pages held the event loop for ~30 ms on
// this repository's 2-core machine, and it was the ack-latency tail at 200 req/s.
// Plain JavaScript, unlike the rest of the server: a worker that loads a .ts entry first
// loads Node's TypeScript stripper into its fresh isolate, which doubled the thread's start
// (~150 ms and ~170 ms of CPU against ~80 ms), competing with the event loop on 2 cores.
// Its options and messages are typed in checkpointer.ts.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('checkpoint-thread.mjs runs only as a worker thread');
/** @type {{ file: string; synchronous: 'normal' | 'full'; restartAtFrames: number }} */
const opts = workerData;
const db = new DatabaseSync(opts.file);
// The checkpoint's own fsyncs follow the store's durability setting.
db.exec(`PRAGMA synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
// RESTART waits this long for the writer's current transaction; the writer meanwhile retries
// its next commit off its event loop (write-batcher.ts), as it does for another process.
db.exec('PRAGMA busy_timeout = 100');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');

// PASSIVE never blocks the writer. It cannot restart the log, though: under a steady stream
// of commits a new frame is usually appended while it copies, so past `restartAtFrames` a
// RESTART (with little left to copy after the PASSIVE) lets the next writer begin the file
// again instead of growing it.
const checkpoint = () => {
  let r = passive.get();
  let restarted = false;
  if (r.log >= opts.restartAtFrames) {
    r = restart.get();
    restarted = r.busy === 0;
  }
  // Every checkpoint is answered: the main thread sends the next one only after this reply.
  port.postMessage({ log: r.log, checkpointed: r.checkpointed, restarted });
};

// 'checkpoint': now (the main thread counts the writes); 'stop': a last one, then end.
port.on('message', (command) => {
  checkpoint();
  if (command !== 'stop') return;
  db.close();
  port.close();
});
port.postMessage('ready');

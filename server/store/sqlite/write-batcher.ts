// Group commit. Writes issued in the same turn of the event loop are applied in one
// transaction, and each caller's promise settles only after that COMMIT: acknowledgements
// still wait for durability, but a burst of 50 webhooks costs one WAL commit, not 50.
// node:sqlite is synchronous, so the batch runs without interleaving.
import type { DatabaseSync } from 'node:sqlite';
import { BUSY_TIMEOUT_MS } from './open-database.ts';

export type WriteBatcher = <T>(op: () => T) => Promise<T>;

type Pending = { op: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/** `onCommit` hears each committed batch's number of writes (the checkpointer's load signal). */
export function createWriteBatcher(
  db: DatabaseSync,
  opts: { maxBatch?: number; onCommit?: (writes: number) => void } = {},
): WriteBatcher {
  const maxBatch = opts.maxBatch ?? 512;
  let pending: Pending[] = [];
  let scheduled = false;

  let busySince: number | null = null;

  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    try {
      beginWithoutWaiting(db);
    } catch (err) {
      // Another process (api and workers sharing the file) holds the write lock. Wait for
      // it off the event loop: SQLite's own busy handler would sleep inside this call and
      // freeze the whole process (HTTP, lease and lock renewals) meanwhile.
      busySince ??= Date.now();
      if (isBusy(err) && Date.now() - busySince < BUSY_GIVE_UP_MS) {
        scheduled = true;
        setTimeout(flush, 1);
        return;
      }
      busySince = null;
      const failed = pending;
      pending = [];
      for (const p of failed) p.reject(err);
      return;
    }
    busySince = null;
    const batch = pending;
    pending = [];
    const results: { ok: boolean; value: unknown }[] = [];
    for (const p of batch) {
      // A failing statement rolls back only itself (SQLite statement atomicity); ops that
      // need several statements to be all-or-nothing use a savepoint of their own.
      try {
        results.push({ ok: true, value: p.op() });
      } catch (err) {
        results.push({ ok: false, value: err });
      }
      if (!db.isTransaction) {
        // SQLite abandoned the whole transaction (SQLITE_FULL, IOERR, NOMEM): every op so far
        // was rolled back with it, and the rest must not run in autocommit behind it. None
        // of the batch is committed, so none of it may be reported as done.
        const r = results[results.length - 1];
        const cause = r.ok ? new Error('the batch transaction ended unexpectedly') : r.value;
        for (const q of batch) q.reject(cause);
        if (pending.length > 0) schedule();
        return;
      }
    }
    try {
      db.exec('COMMIT');
    } catch (err) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // already rolled back by SQLite
      }
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r.ok) p.resolve(r.value);
      else p.reject(r.value);
    });
    // After the answers: whatever the observer does, committed writes have theirs.
    opts.onCommit?.(batch.length);
    if (pending.length > 0) schedule();
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return <T>(op: () => T) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ op, resolve: resolve as (v: unknown) => void, reject });
      if (pending.length >= maxBatch) {
        scheduled = true;
        flush();
      } else schedule();
    });
}

const BUSY_GIVE_UP_MS = 10_000;

/** SQLITE_BUSY (5), including its extended codes (low byte 5). */
export function isBusy(err: unknown): boolean {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' && (code & 0xff) === 5;
}

/** BEGIN IMMEDIATE that fails at once with SQLITE_BUSY instead of sleeping in the busy handler. */
function beginWithoutWaiting(db: DatabaseSync): void {
  db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
  } finally {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** All-or-nothing for a multi-statement op inside a batch. */
export function atomically<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('SAVEPOINT op');
  try {
    const result = fn();
    db.exec('RELEASE op');
    return result;
  } catch (err) {
    // SQLite may have abandoned the whole transaction, savepoint included: report the cause.
    if (!db.isTransaction) throw err;
    db.exec('ROLLBACK TO op');
    db.exec('RELEASE op');
    throw err;
  }
}

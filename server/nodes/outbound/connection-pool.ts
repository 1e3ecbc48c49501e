// Long-lived clients of the infrastructure integrations (databases, brokers), one per
// credential and integration, shared by every step of this process. Opening a connection
// (TCP, TLS, auth handshake) costs far more than the query or publish itself, so a step
// borrows the open client instead. A client is replaced when its credential changes, dropped
// when its connection is lost or fails, closed after a while unused, and all are closed when
// the runtime stops.
import { createHash } from 'node:crypto';

export type OpenedClient<T> = {
  client: T;
  close: () => Promise<void>;
};

export type PoolKey = {
  /** The integration, e.g. `postgres`: one credential may serve two integrations. */
  kind: string;
  credential: string;
  /** The credential's data: a changed credential gets a new client. */
  data: unknown;
};

export type ConnectionPool = {
  /**
   * The client for this credential, opened with `open` when there is none. `open` receives
   * `lost`, to call when the connection breaks later, so the next step opens a fresh one.
   * A failed `open` is not remembered: the next attempt opens again.
   */
  acquire<T>(key: PoolKey, open: (lost: () => void) => Promise<OpenedClient<T>>): Promise<T>;
  /** Closes and forgets the client (after an error that leaves it unusable). */
  discard(key: PoolKey): Promise<void>;
  readonly size: number;
  /** Closes every client; later `acquire` calls fail. */
  close(): Promise<void>;
};

type Entry = {
  fingerprint: string;
  opened: Promise<OpenedClient<unknown>>;
  lastUsed: number;
};

/** Clients unused this long are closed: a rarely used credential does not hold a server connection. */
export const IDLE_CLOSE_MS = 5 * 60_000;

export function createConnectionPool(opts: { idleMs?: number } = {}): ConnectionPool {
  const idleMs = opts.idleMs ?? IDLE_CLOSE_MS;
  const entries = new Map<string, Entry>();
  let closed = false;

  const slot = (key: PoolKey) => `${key.kind}\u0000${key.credential}`;
  const fingerprint = (key: PoolKey) => createHash('sha256').update(JSON.stringify(key.data)).digest('hex');

  const closeEntry = async (entry: Entry) => {
    try {
      const c = await entry.opened;
      await c.close();
    } catch {
      // a client that never opened, or fails to close, has nothing left to release
    }
  };
  const forget = (name: string, entry: Entry) => {
    if (entries.get(name) !== entry) return Promise.resolve();
    entries.delete(name);
    return closeEntry(entry);
  };

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [name, e] of entries) if (now - e.lastUsed > idleMs) void forget(name, e);
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();

  return {
    async acquire<T>(key: PoolKey, open: (lost: () => void) => Promise<OpenedClient<T>>): Promise<T> {
      if (closed) throw new Error('connections are closed: the process is stopping');
      const name = slot(key);
      const fp = fingerprint(key);
      let entry = entries.get(name);
      if (entry && entry.fingerprint !== fp) {
        void forget(name, entry);
        entry = undefined;
      }
      if (!entry) {
        const created: Entry = { fingerprint: fp, lastUsed: Date.now(), opened: null as never };
        created.opened = open(() => void forget(name, created)) as Promise<OpenedClient<unknown>>;
        entries.set(name, created);
        created.opened.catch(() => {
          if (entries.get(name) === created) entries.delete(name);
        });
        entry = created;
      }
      entry.lastUsed = Date.now();
      const c = (await entry.opened) as OpenedClient<T>;
      if (closed) {
        await c.close().catch(() => undefined);
        throw new Error('connections are closed: the process is stopping');
      }
      return c.client;
    },
    async discard(key) {
      const name = slot(key);
      const entry = entries.get(name);
      if (entry) await forget(name, entry);
    },
    get size() {
      return entries.size;
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map(closeEntry));
    },
  };
}

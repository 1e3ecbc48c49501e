// The ResultBus across processes: the worker that finishes an execution publishes its
// result on a Redis channel named after the execution id; the api process holding a
// sync-mode caller subscribes to that one channel while it waits.
//
// A result may be published before the waiter's SUBSCRIBE is acknowledged (a fast worker,
// or a waiter that starts waiting after enqueueing). So the result is also kept under a
// short-lived key, and a waiter reads that key once it is subscribed: nothing published
// after, or shortly before, `waitFor` is missed.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ExecutionResult, ResultBus } from './result-bus.ts';

export type RedisResultBusOptions = {
  url: string;
  prefix: string;
  logger: Logger;
  /** How long a published result stays readable for late waiters. */
  keepMs?: number;
};

type Waiter = (r: ExecutionResult | null) => void;

export function createRedisResultBus(opts: RedisResultBusOptions): ResultBus {
  const { logger } = opts;
  const keepMs = opts.keepMs ?? 15_000;
  const channel = (id: string) => `${opts.prefix}:result:${id}`;
  // Commands fail fast while Redis is down: a sync caller then gets its 202 on timeout.
  const commands = new Redis(opts.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  commands.on('error', (err) => logger.debug({ err }, 'redis (result bus) connection error'));
  // Until the first connect completes, wait for it (bounded) instead of failing at once.
  const firstConnect = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    commands.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  commands.connect().catch(() => undefined);
  let subscriber: Redis | null = null;
  const waiters = new Map<string, Set<Waiter>>();
  let closed = false;

  const getSubscriber = (): Redis => {
    if (subscriber) return subscriber;
    const sub = new Redis(opts.url, { maxRetriesPerRequest: null });
    sub.on('error', (err) => logger.debug({ err }, 'redis (result subscriber) connection error'));
    sub.on('message', (ch: string, message: string) => {
      const id = ch.slice(channel('').length);
      const set = waiters.get(id);
      if (!set) return;
      let result: ExecutionResult;
      try {
        result = JSON.parse(message);
      } catch (err) {
        logger.warn({ err, executionId: id }, 'unreadable execution result on the bus');
        return;
      }
      for (const w of [...set]) w(result);
    });
    subscriber = sub;
    return sub;
  };

  const forget = (id: string, w: Waiter) => {
    const set = waiters.get(id);
    if (!set) return;
    set.delete(w);
    if (set.size > 0) return;
    waiters.delete(id);
    subscriber?.unsubscribe(channel(id)).catch(() => undefined);
  };

  return {
    async publish(result) {
      const payload = JSON.stringify(result);
      await firstConnect;
      await commands
        .multi()
        .set(channel(result.executionId), payload, 'PX', keepMs)
        .publish(channel(result.executionId), payload)
        .exec();
    },
    waitFor(executionId, timeoutMs) {
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        let done = false;
        const settle = (r: ExecutionResult | null) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          forget(executionId, settle);
          resolve(r);
        };
        const timer = setTimeout(() => settle(null), timeoutMs);
        let set = waiters.get(executionId);
        const first = !set;
        if (!set) {
          set = new Set();
          waiters.set(executionId, set);
        }
        set.add(settle);
        const subscribed = first ? getSubscriber().subscribe(channel(executionId)) : Promise.resolve();
        subscribed
          .then(() => firstConnect)
          .then(() => commands.get(channel(executionId)))
          .then((kept) => {
            if (kept) settle(JSON.parse(kept));
          })
          .catch((err) => logger.debug({ err, executionId }, 'result bus unavailable; waiting for the timeout'));
      });
    },
    async close() {
      closed = true;
      // Waiters answer their callers with the timeout path (202) rather than hang.
      for (const set of [...waiters.values()]) for (const w of [...set]) w(null);
      commands.disconnect();
      subscriber?.disconnect();
    },
  };
}

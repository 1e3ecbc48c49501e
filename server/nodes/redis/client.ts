// One ioredis client per credential, borrowed from the process's connection pool. It does not
// reconnect or queue commands by itself: a broken connection fails the step (which the engine
// retries with its own backoff) and the next attempt opens a fresh client.
import type { Redis } from 'ioredis';
import type { RetrySpec } from '../../workflow/types.ts';
import type { NodeContext } from '../define-node.ts';
import { authFailed, ConnectionFailedError, untilAborted } from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { RedisCredential } from './credential.ts';

export const REDIS_RETRY: RetrySpec = {
  attempts: 3,
  backoff: 'exponential',
  delay: '1s',
  maxDelay: '30s',
  jitter: true,
};

export async function redisClient(ctx: NodeContext, nodeType: string): Promise<Redis> {
  if (!ctx.credentialName) throw new NonRetryableError(`${nodeType} needs a redis credential`, 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'redis') {
    throw new NonRetryableError(
      `${nodeType} needs a redis credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as RedisCredential;
  return ctx.services.connections.acquire({ kind: 'redis', credential: ctx.credentialName, data }, async (lost) => {
    const address = await ctx.services.resolveHost(data.host);
    // Imported on first use, not at start-up: the driver costs memory no idle server should carry.
    const { Redis: RedisClient } = await import('ioredis');
    const client = new RedisClient({
      host: address,
      port: data.port ?? 6379,
      username: data.username,
      password: data.password,
      db: data.db ?? 0,
      tls: data.tls ? { servername: data.host } : undefined,
      lazyConnect: true,
      connectTimeout: 10_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectionName: 'hookflow',
    });
    // Errors surface through the command that failed; while connecting, a refused AUTH is
    // only reported here (connect itself then rejects with a bare "Connection is closed").
    let refused: unknown = null;
    client.on('error', (err: Error) => {
      if (err.name === 'ReplyError') refused = err;
    });
    client.once('end', lost);
    try {
      await untilAborted(ctx.signal, client.connect(), () => client.disconnect());
    } catch (err) {
      client.disconnect();
      throw redisError(refused ?? err);
    }
    return {
      client,
      close: () =>
        client.quit().then(
          () => undefined,
          () => client.disconnect(),
        ),
    };
  });
}

// Replies that mean "the server cannot serve this right now".
const TRANSIENT = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|MISCONF)\b/;

export function redisError(err: unknown): Error {
  if (err instanceof NonRetryableError) return err;
  // A reply from the server (redis-errors' ReplyError); anything else is about the connection.
  if (err instanceof Error && err.name === 'ReplyError') {
    const word = err.message.split(' ')[0];
    if (word === 'WRONGPASS' || word === 'NOAUTH' || word === 'NOPERM' || /invalid password/i.test(err.message)) {
      return authFailed('Redis', err);
    }
    if (TRANSIENT.test(err.message))
      return Object.assign(new Error(`Redis: ${err.message}`), { code: `redis_${word}` });
    return new NonRetryableError(`Redis: ${err.message}`, `redis_${word.replace(/\W/g, '') || 'error'}`);
  }
  return new ConnectionFailedError('Redis connection failed', err);
}

/** A value as Redis stores it: strings as they are, anything else as JSON. */
export const toRedisString = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

export async function run<T>(ctx: NodeContext, work: Promise<T>): Promise<T> {
  try {
    return await untilAborted(ctx.signal, work);
  } catch (err) {
    throw redisError(err);
  }
}

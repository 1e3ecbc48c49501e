// One `postgres` client (a small connection pool) per credential, borrowed from the process's
// connection pool, and the mapping of its errors to what the engine should do.
import type { Sql } from 'postgres';
import type { NodeContext } from '../define-node.ts';
import { authFailed, ConnectionFailedError, isConnectionError } from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { PostgresCredential } from './credential.ts';

/** Connections one credential may hold at once in this process. */
const MAX_CONNECTIONS = 5;

export async function postgresClient(ctx: NodeContext, nodeType: string): Promise<Sql> {
  if (!ctx.credentialName)
    throw new NonRetryableError(`${nodeType} needs a postgres credential`, 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'postgres') {
    throw new NonRetryableError(
      `${nodeType} needs a postgres credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as PostgresCredential;
  const key = { kind: 'postgres', credential: ctx.credentialName, data };
  return ctx.services.connections.acquire(key, async () => {
    const address = await ctx.services.resolveHost(data.host);
    // Imported on first use, not at start-up: the driver costs memory no idle server should carry.
    const { default: postgres } = await import('postgres');
    const sql = postgres({
      host: address,
      port: data.port ?? 5432,
      database: data.database,
      username: data.user,
      password: data.password,
      ssl:
        data.ssl === 'disable'
          ? false
          : { servername: data.host, rejectUnauthorized: (data.ssl ?? 'verify-full') === 'verify-full' },
      max: MAX_CONNECTIONS,
      idle_timeout: 60,
      connect_timeout: 10,
      onnotice: () => {},
      // Statements are written by workflow authors and vary; named prepared statements would
      // pile up per connection.
      prepare: false,
      connection: { application_name: 'hookflow' },
    });
    return { client: sql, close: () => sql.end({ timeout: 5 }) };
  });
}

// SQLSTATE classes that say "try again": connection exceptions, transaction rollbacks
// (serialization failure, deadlock), insufficient resources, operator intervention
// (admin shutdown, cannot connect now), and lock_not_available.
const RETRYABLE_SQLSTATE = /^(08|40|53|57P0[1-4]|55P03)/;

/** A driver error as the engine should see it. */
export function postgresError(err: unknown): Error {
  const e = err as { code?: string; message?: string; severity?: string; detail?: string; position?: string };
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.severity) {
    if (e.code.startsWith('28')) return authFailed('PostgreSQL', err);
    if (RETRYABLE_SQLSTATE.test(e.code)) {
      return Object.assign(new Error(`PostgreSQL: ${e.message} (${e.code})`), { code: `postgres_${e.code}` });
    }
    return new NonRetryableError(`PostgreSQL: ${e.message} (${e.code})`, `postgres_${e.code}`, {
      sqlstate: e.code,
      detail: e.detail,
      position: e.position,
    });
  }
  if (err instanceof NonRetryableError) return err;
  if (
    isConnectionError(
      err,
      new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']),
    )
  ) {
    return new ConnectionFailedError('PostgreSQL connection failed', err);
  }
  return err instanceof Error ? err : new Error(String(err));
}

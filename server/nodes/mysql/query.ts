import net from 'node:net';
import type { Pool } from 'mysql2/promise';
import { Type } from 'typebox';
import { defineNode, type NodeContext } from '../define-node.ts';
import {
  authFailed,
  ConnectionFailedError,
  DB_RETRY,
  isConnectionError,
  untilAborted,
} from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { MysqlCredential } from './credential.ts';

const Params = Type.Object(
  {
    query: Type.String({
      minLength: 1,
      maxLength: 100_000,
      'x-multiline': true,
      title: 'Query',
      description: 'SQL with ? placeholders, e.g. select * from orders where id = ?. Values never go in the text.',
    }),
    values: Type.Optional(
      Type.Array(Type.Unknown(), {
        maxItems: 10_000,
        title: 'Values',
        description: 'The values of the ? placeholders in order, e.g. =[trigger.body.id]. Objects are sent as JSON.',
      }),
    ),
    maxRows: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        default: 1000,
        title: 'Max rows',
        description: 'Rows kept in the output; more are cut off and `truncated` is true.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Runs one statement as a server-side prepared statement: values are never part of the SQL. */
export const mysqlQueryNode = defineNode({
  type: 'mysql.query',
  title: 'MySQL / MariaDB: query',
  category: 'Data',
  description: 'Run a parameterised SQL statement (?) on MySQL or MariaDB; rows (or affected rows) out.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['mysql'],
  defaultRetry: DB_RETRY,
  async execute(params, ctx) {
    const pool = await mysqlPool(ctx);
    const values = (params.values ?? []).map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v));
    try {
      const [result] = await untilAborted(ctx.signal, pool.execute(params.query, values as never[]));
      const maxRows = params.maxRows ?? 1000;
      if (Array.isArray(result)) {
        return {
          output: { rows: result.slice(0, maxRows), rowCount: result.length, truncated: result.length > maxRows },
        };
      }
      const r = result as { affectedRows: number; insertId: number; warningStatus: number };
      return {
        output: {
          rows: [],
          rowCount: r.affectedRows,
          affectedRows: r.affectedRows,
          insertId: r.insertId,
          truncated: false,
        },
      };
    } catch (err) {
      throw mysqlError(err);
    }
  },
});

/** Connections one credential may hold at once in this process. */
const MAX_CONNECTIONS = 5;

async function mysqlPool(ctx: NodeContext): Promise<Pool> {
  if (!ctx.credentialName) throw new NonRetryableError('mysql.query needs a mysql credential', 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'mysql') {
    throw new NonRetryableError(
      `mysql.query needs a mysql credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as MysqlCredential;
  return ctx.services.connections.acquire({ kind: 'mysql', credential: ctx.credentialName, data }, async () => {
    const address = await ctx.services.resolveHost(data.host);
    // Imported on first use, not at start-up: the driver costs memory no idle server should carry.
    const { default: mysql } = await import('mysql2/promise');
    const pool = mysql.createPool({
      // The socket goes to the address the SSRF guard approved; the host name stays for TLS.
      host: data.host,
      stream: () => net.connect(data.port ?? 3306, address),
      port: data.port ?? 3306,
      user: data.user,
      password: data.password,
      database: data.database,
      ssl:
        data.ssl === 'disable'
          ? undefined
          : {
              rejectUnauthorized: (data.ssl ?? 'verify-full') === 'verify-full',
              verifyIdentity: (data.ssl ?? 'verify-full') === 'verify-full',
            },
      connectionLimit: MAX_CONNECTIONS,
      maxIdle: MAX_CONNECTIONS,
      idleTimeout: 60_000,
      connectTimeout: 10_000,
      // Bounded per connection: workflow statements vary.
      maxPreparedStatements: 256,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: false,
      multipleStatements: false,
    });
    return { client: pool, close: () => pool.end() };
  });
}

// Server errors worth retrying: lock wait timeout, deadlock, too many connections, server
// shutting down, query interrupted by a restart.
const RETRYABLE_ERRNO = new Set([1205, 1213, 1040, 1053, 1927, 2006, 2013]);
// Access denied for user / to database / with a plugin.
const AUTH_ERRNO = new Set([1044, 1045, 1698, 1251]);

function mysqlError(err: unknown): Error {
  const e = err as { errno?: number; code?: string; sqlState?: string; message?: string; fatal?: boolean };
  if (typeof e?.errno === 'number' && typeof e.sqlState === 'string') {
    if (AUTH_ERRNO.has(e.errno)) return authFailed('MySQL', err);
    if (RETRYABLE_ERRNO.has(e.errno)) {
      return Object.assign(new Error(`MySQL: ${e.message} (${e.code})`), { code: `mysql_${e.errno}` });
    }
    return new NonRetryableError(`MySQL: ${e.message} (${e.code})`, `mysql_${e.errno}`, { sqlState: e.sqlState });
  }
  if (isConnectionError(err, new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']))) {
    return new ConnectionFailedError('MySQL connection failed', err);
  }
  return err instanceof Error ? err : new Error(String(err));
}

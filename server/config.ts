// The only reader of process.env. Every setting is validated here, once, at start-up;
// a bad value stops the process with a message naming the variable.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';

export type Role = 'all' | 'api' | 'worker';

export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  workflowsDir: string;
  /** PostgreSQL (`postgres://`): the store several hosts share. */
  databaseUrl: string | null;
  mongodbUri: string | null;
  redisUrl: string | null;
  role: Role;
  workerConcurrency: number;
  encryptionKey: string | null;
  ssrfAllow: string[];
  adminEmail: string | null;
  adminPassword: string | null;
  adminApiKey: string | null;
  bodyLimitBytes: number;
  syncTimeoutMs: number;
  expressionTimeoutMs: number;
  /** Time a client has to send a whole request (headers and body); slow senders get 408. */
  requestTimeoutMs: number;
  /** Sandbox processes for expressions that are not provably cheap (engine/expression-pool.ts). */
  expressionWorkers: number;
  /** Sandboxed evaluations that may wait for a free sandbox before calls fail as busy. */
  expressionQueueMax: number;
  expressionMemoryMb: number;
  expressionResultMaxBytes: number;
  stepTimeoutMs: number;
  executionRetentionDays: number;
  executionRetentionPerWorkflow: number;
  sqliteSynchronous: 'normal' | 'full';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty` for a person at a terminal, `json` for log collectors (LOG_FORMAT=auto picks by TTY). */
  logFormat: 'json' | 'pretty';
  uiDir: string;
  sessionTtlHours: number;
  cookieSecure: 'auto' | 'true' | 'false';
  loginMaxAttempts: number;
  viewerHidePayloads: boolean;
  metricsToken: string | null;
  stepOutputMaxBytes: number;
  retentionIntervalMs: number;
  retentionBatchSize: number;
  shutdownTimeoutMs: number;
  /** Execution lease: a worker that stops renewing it for this long is presumed dead. */
  leaseMs: number;
  sweepIntervalMs: number;
  redisPrefix: string;
  /** Touched after each successful store + queue check, for container health checks of workers. */
  heartbeatFile: string | null;
  /** CIDRs whose X-Forwarded-For is believed when finding a trigger caller's address. */
  trustedProxies: string[];
  /** Replay window for signed trigger timestamps. */
  signatureToleranceMs: number;
  /** Requests per second per trigger for triggers without their own `rateLimit`; 0 = none. */
  triggerRateLimit: number;
  /** Origin of the trigger URLs shown to users, when hooks are served on a host of their own. */
  hooksPublicUrl: string | null;
  /** PEM files: both set → the server speaks HTTPS and reloads them when they change. */
  tlsCert: string | null;
  tlsKey: string | null;
  tlsReloadIntervalMs: number;
  /** Send Strict-Transport-Security: the server is reached over https (PUBLIC_URL or TLS). */
  hsts: boolean;
};

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function optional(env: Env, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function logFormat(chosen: 'auto' | 'json' | 'pretty', stdoutIsTty: boolean): 'json' | 'pretty' {
  if (chosen !== 'auto') return chosen;
  return stdoutIsTty ? 'pretty' : 'json';
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses `1mb`, `512kb`, `1048576`. */
export function parseSize(raw: string): number | null {
  const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!m) return null;
  return Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()];
}

function size(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const n = parseSize(raw);
  if (n === null || n < 1) throw new ConfigError(name, `must be a size like 1mb or 524288, got "${raw}"`);
  return n;
}

function url(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = optional(env, name) ?? fallback;
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function cidrs(env: Env, name: string): string[] {
  const list = (optional(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const valid =
      extra === undefined &&
      ipaddr.isValid(addr) &&
      (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (ipaddr.parse(addr).kind() === 'ipv4' ? 32 : 128)));
    if (!valid) throw new ConfigError(name, `"${entry}" is not an IP address or CIDR range`);
  }
  return list;
}

function redisPrefix(env: Env): string {
  const v = str(env, 'REDIS_PREFIX', 'hookflow');
  // BullMQ builds keys as <prefix>:<queue>:<id>; a colon or space in the prefix would blur them.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(v))
    throw new ConfigError('REDIS_PREFIX', `must be 1-64 of A-Z a-z 0-9 _ . -, got "${v}"`);
  return v;
}

/**
 * One core is left to the server's event loop: a sandbox spinning on a hostile expression
 * until its deadline must not take the core that answers triggers (on 2 cores, 2 sandboxes
 * put a normal trigger's p99 at 78 ms; 1 keeps it within the 50 ms target). Capped at 4.
 */
export function defaultExpressionWorkers(cores = availableParallelism()): number {
  return Math.min(4, Math.max(1, cores - 1));
}

export function loadConfig(env: Env = process.env, stdoutIsTty = process.stdout.isTTY === true): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(str(env, 'DATA_DIR', './data'));
  const encryptionKey = optional(env, 'ENCRYPTION_KEY');
  if (encryptionKey !== null && !/^[0-9a-f]{64}$/i.test(encryptionKey) && encryptionKey.length < 32) {
    throw new ConfigError('ENCRYPTION_KEY', 'must be 64 hex characters or a passphrase of at least 32 characters');
  }
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  const role = oneOf(env, 'ROLE', 'all', ['all', 'api', 'worker'] as const);
  if (role !== 'all' && optional(env, 'REDIS_URL') === null) {
    // With the in-process queue an api would accept work no worker ever sees.
    throw new ConfigError('ROLE', `"${role}" needs REDIS_URL: split roles share their queue through Redis`);
  }
  const tlsCert = optional(env, 'TLS_CERT');
  const tlsKey = optional(env, 'TLS_KEY');
  if ((tlsCert === null) !== (tlsKey === null)) {
    throw new ConfigError(tlsCert === null ? 'TLS_CERT' : 'TLS_KEY', 'TLS_CERT and TLS_KEY must be set together');
  }
  const publicUrl = url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']) as string;
  const databaseUrl = url(env, 'DATABASE_URL', null, ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', null, ['redis:', 'rediss:']);
  const mongodbUri = url(env, 'MONGODB_URI', null, ['mongodb:', 'mongodb+srv:']);
  if (databaseUrl !== null && mongodbUri !== null) {
    // Two stores would split the data: refuse rather than pick one silently.
    throw new ConfigError('DATABASE_URL', 'DATABASE_URL and MONGODB_URI are both set: choose one store');
  }
  const adminApiKey = optional(env, 'ADMIN_API_KEY');
  if (adminApiKey !== null && adminApiKey.length < 24) {
    throw new ConfigError('ADMIN_API_KEY', 'must be at least 24 characters');
  }
  return {
    port,
    host: str(env, 'HOST', '0.0.0.0'),
    publicUrl,
    dataDir,
    workflowsDir: path.resolve(str(env, 'WORKFLOWS_DIR', './workflows')),
    databaseUrl,
    mongodbUri,
    redisUrl,
    role,
    // Embedded, one SQLite commit covers the writes of every execution in flight: 64 drain
    // ~10 % faster than 16 on 2 cores. They share the event loop with the front door, which
    // comes first, so bursts are held to 16 at once (queue/local.ts; 64 throughout cut
    // accepted webhooks/s by a third). With Redis, each job costs its own round trips and
    // lock; that default was not re-measured.
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', redisUrl === null ? 64 : 16, 1, 1000),
    encryptionKey,
    ssrfAllow: (optional(env, 'SSRF_ALLOW') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminEmail: optional(env, 'ADMIN_EMAIL'),
    adminPassword,
    adminApiKey,
    bodyLimitBytes: size(env, 'BODY_LIMIT', 1024 * 1024),
    syncTimeoutMs: int(env, 'SYNC_TIMEOUT_MS', 30_000, 100, 600_000),
    expressionTimeoutMs: int(env, 'EXPRESSION_TIMEOUT_MS', 1000, 10, 60_000),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 500, 600_000),
    expressionWorkers: int(env, 'EXPRESSION_WORKERS', defaultExpressionWorkers(), 1, 64),
    expressionQueueMax: int(env, 'EXPRESSION_QUEUE_MAX', 64, 1, 100_000),
    expressionMemoryMb: int(env, 'EXPRESSION_MEMORY_MB', 64, 16, 4096),
    expressionResultMaxBytes: size(env, 'EXPRESSION_RESULT_MAX_BYTES', 4 * 1024 * 1024),
    stepTimeoutMs: int(env, 'STEP_TIMEOUT_MS', 30_000, 100, 3_600_000),
    executionRetentionDays: int(env, 'EXECUTION_RETENTION_DAYS', 30, 0, 36_500),
    executionRetentionPerWorkflow: int(env, 'EXECUTION_RETENTION_PER_WORKFLOW', 10_000, 0, 100_000_000),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', 'normal', ['normal', 'full'] as const),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    logFormat: logFormat(oneOf(env, 'LOG_FORMAT', 'auto', ['auto', 'json', 'pretty'] as const), stdoutIsTty),
    uiDir: path.resolve(str(env, 'UI_DIR', path.join(import.meta.dirname, '..', 'ui', 'dist'))),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 168, 1, 24 * 365),
    cookieSecure: oneOf(env, 'COOKIE_SECURE', 'auto', ['auto', 'true', 'false'] as const),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 1000),
    viewerHidePayloads: oneOf(env, 'VIEWER_HIDE_PAYLOADS', 'false', ['true', 'false'] as const) === 'true',
    metricsToken: optional(env, 'METRICS_TOKEN'),
    stepOutputMaxBytes: size(env, 'STEP_OUTPUT_MAX_BYTES', 256 * 1024),
    retentionIntervalMs: int(env, 'RETENTION_INTERVAL_MS', 60_000, 100, 86_400_000),
    retentionBatchSize: int(env, 'RETENTION_BATCH_SIZE', 200, 1, 100_000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 100, 600_000),
    leaseMs: int(env, 'LEASE_MS', 30_000, 500, 3_600_000),
    sweepIntervalMs: int(env, 'SWEEP_INTERVAL_MS', 15_000, 100, 3_600_000),
    redisPrefix: redisPrefix(env),
    heartbeatFile: optional(env, 'HEARTBEAT_FILE'),
    trustedProxies: cidrs(env, 'TRUSTED_PROXIES'),
    signatureToleranceMs: int(env, 'SIGNATURE_TOLERANCE_SECONDS', 300, 1, 86_400) * 1000,
    triggerRateLimit: int(env, 'TRIGGER_RATE_LIMIT', 0, 0, 1_000_000),
    hooksPublicUrl: url(env, 'HOOKS_PUBLIC_URL', null, ['http:', 'https:']),
    tlsCert: tlsCert === null ? null : path.resolve(tlsCert),
    tlsKey: tlsKey === null ? null : path.resolve(tlsKey),
    tlsReloadIntervalMs: int(env, 'TLS_RELOAD_INTERVAL_MS', 30_000, 100, 86_400_000),
    hsts: publicUrl.startsWith('https:') || tlsCert !== null,
  };
}

/** The CLI's settings: where the server is and the API key to talk to it with. */
export type CliConfig = { url: string; apiKey: string | null };

export function loadCliConfig(env: Env = process.env): CliConfig {
  return {
    url: url(env, 'HOOKFLOW_URL', 'http://localhost:3000', ['http:', 'https:']) as string,
    apiKey: optional(env, 'HOOKFLOW_API_KEY'),
  };
}

/** Config for `hookflow run`: the environment (SSRF_ALLOW, timeouts...) with a private store. */
export function loadLocalRunConfig(overrides: Env, env: Env = process.env): Config {
  return loadConfig({ ...env, ...overrides });
}

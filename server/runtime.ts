// Assembles a Hookflow process from its config: store and queue adapters, the engine, the
// roles this process plays, and an orderly stop. Used by main.ts and by the tests, so the
// tests run exactly what production runs.

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { createAlerter } from './alerts/alerter.ts';
import { ensureOwner } from './auth/bootstrap-owner.ts';
import { loadWorkflowFiles } from './authoring/load-workflow-files.ts';
import type { Config } from './config.ts';
import { keyFromConfig } from './credentials/cipher.ts';
import { createVault, type Vault } from './credentials/vault.ts';
import { closeExpressionSandbox, configureExpressionSandbox } from './engine/expression-pool.ts';
import type { ExpressionLimits } from './engine/expressions.ts';
import { createNodeServices } from './engine/node-services.ts';
import { createSweeper } from './engine/recovery.ts';
import { createRetention, type Retention } from './engine/retention.ts';
import { type EngineDeps, type ExecutionOutcome, runExecution } from './engine/run-execution.ts';
import { withStepOutputLimit } from './engine/step-output-limit.ts';
import { createWorkflowLoader } from './engine/workflow-loader.ts';
import { createRequestListener } from './http/app.ts';
import type { AppContext } from './http/app-context.ts';
import { FRAMING_SERVER_OPTIONS, installClientErrorHandler, withRequestFraming } from './http/client-error.ts';
import { createServer } from './http/create-server.ts';
import { hookIsolationHeaders } from './lib/hook-response-headers.ts';
import { createLogger } from './lib/logger.ts';
import { createConnectionPool } from './nodes/outbound/connection-pool.ts';
import { createGuardedFetch, createSsrfPolicy } from './nodes/outbound/ssrf-guard.ts';
import { NonRetryableError } from './nodes/step-errors.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { withStepMetrics } from './observability/step-metrics.ts';
import { createLocalQueue } from './queue/local.ts';
import type { Queue } from './queue/queue.ts';
import { createLocalResultBus, type ResultBus } from './queue/result-bus.ts';
import { createSqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { createMemoryRateLimiter, type RateLimiter } from './triggers/rate-limit.ts';
import { parseCidrs } from './triggers/verify/client-ip.ts';
import { cachedSecrets } from './triggers/verify/secret-cache.ts';
import type { SecretLookup } from './triggers/verify/types.ts';
import { formatProblems } from './workflow/check-document.ts';

export type Runtime = {
  config: Config;
  logger: Logger;
  store: Store;
  queue: Queue;
  /** The bound port (useful with PORT=0). Null for a worker-only process. */
  port: number | null;
  results: ResultBus;
  metrics: Metrics;
  retention: Retention | null;
  /** Stops accepting, drains in-flight requests and steps, closes; bounded by `graceMs`
   * (default SHUTDOWN_TIMEOUT_MS). */
  /** The credentials vault (trigger verification reads secrets by name from it). */
  vault: Vault;
  stop(graceMs?: number): Promise<void>;
};

// The scale-out adapters are imported only when configured: mongoose and BullMQ/ioredis
// cost ~25 MB of memory each, which the embedded default should not carry (nor the
// PostgreSQL driver).
async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.databaseUrl) {
    const { createPostgresStore } = await import('./store/postgres/postgres-store.ts');
    return createPostgresStore({ url: config.databaseUrl });
  }
  if (config.mongodbUri) {
    const { createMongoStore } = await import('./store/mongo/mongo-store.ts');
    return createMongoStore({ uri: config.mongodbUri });
  }
  return createSqliteStore({
    dataDir: config.dataDir,
    synchronous: config.sqliteSynchronous,
    onCheckpointThreadFailed: (err) =>
      logger.warn({ err }, 'the WAL checkpoint thread failed; the store connection checkpoints again'),
  });
}

async function openQueue(config: Config, logger: Logger): Promise<{ queue: Queue; results: ResultBus }> {
  if (!config.redisUrl) {
    // While webhooks arrive faster than 1,000/s, executions run at most 16 at once: the
    // acknowledgements keep their share of the event loop, and the backlog drains after.
    const queue = createLocalQueue({ burst: { perSecond: 1000, concurrency: 16 } });
    return { queue, results: createLocalResultBus() };
  }
  const [{ createBullmqQueue }, { createRedisResultBus }] = await Promise.all([
    import('./queue/bullmq.ts'),
    import('./queue/redis-result-bus.ts'),
  ]);
  const redis = { url: config.redisUrl, prefix: config.redisPrefix, logger };
  return { queue: createBullmqQueue({ ...redis, lockMs: config.leaseMs }), results: createRedisResultBus(redis) };
}

/** Seams for tests and embedding; production passes none. */
export type RuntimeOptions = {
  /** Replaces the vault as the source of trigger secrets (tests without a vault). */
  secrets?: SecretLookup;
};

export async function startRuntime(
  config: Config,
  logger: Logger = createLogger(config.logLevel, config.logFormat),
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const store = await openStore(config, logger);
  const { queue, results } = await openQueue(config, logger);
  const metrics = createMetrics(queue);
  // What the engine writes through: step records bounded in size and measured.
  const engineStore = withStepMetrics(withStepOutputLimit(store, config.stepOutputMaxBytes), metrics);
  const stopping = new AbortController();
  const limits: ExpressionLimits = { timeoutMs: config.expressionTimeoutMs };
  configureExpressionSandbox({
    workers: config.expressionWorkers,
    memoryMb: config.expressionMemoryMb,
    maxResultChars: config.expressionResultMaxBytes,
    maxWaiting: config.expressionQueueMax,
    compileCacheDir: path.join(config.dataDir, 'compile-cache'),
  });
  const loader = createWorkflowLoader(store, limits);
  const runsApi = config.role !== 'worker';
  const runsWorker = config.role !== 'api';

  if (runsApi) {
    await ensureOwner(config, store, logger);
    for (const r of await loadWorkflowFiles(config.workflowsDir, store, limits)) {
      if (r.status === 'invalid') {
        logger.error(
          { file: r.file, problems: r.problems },
          `invalid workflow file ${r.file}:\n${formatProblems(r.problems ?? [])}`,
        );
      } else if (r.status !== 'unchanged')
        logger.info({ file: r.file, workflowId: r.id }, `workflow ${r.status} from file`);
    }
  }

  const vault = createVault(store, keyFromConfig(config.encryptionKey, config.dataDir));
  try {
    await vault.verify();
  } catch (err) {
    await store.close();
    throw err;
  }
  const guard = createGuardedFetch(createSsrfPolicy(config.ssrfAllow));
  const connections = createConnectionPool();
  const services = createNodeServices({ config, logger, store, queue, vault, guard, connections });
  const alerts = createAlerter({
    store,
    services,
    logger,
    onOutcome: (channel, outcome) => metrics.alerts.inc({ channel, outcome }),
  });
  const engine: EngineDeps = {
    store: engineStore,
    stopping: stopping.signal,
    queue,
    services,
    logger,
    workerId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseMs: config.leaseMs,
    stepTimeoutMs: config.stepTimeoutMs,
    loadWorkflow: loader.load,
    alerts,
    onFinished: (o: ExecutionOutcome) => {
      metrics.executions.inc({ outcome: o.status });
      results
        .publish({
          executionId: o.id,
          workflowId: o.workflowId,
          status: o.status,
          result: o.result,
          error: o.error,
          ...(o.response ? { response: o.response } : {}),
        })
        .catch((err) => logger.warn({ err, executionId: o.id }, 'could not publish the execution result'));
    },
  };

  let retention: Retention | null = null;
  if (runsWorker) {
    // With the in-process queue this process is the only worker, so whatever was
    // running belonged to a process that is gone: take it back at once. With BullMQ other
    // workers may be alive: their leases and the sweep decide instead.
    if (queue.kind === 'local') await store.requeueRunning();
    queue.consume((id) => runExecution(engine, id), config.workerConcurrency);
    retention = createRetention({
      store,
      logger,
      days: config.executionRetentionDays,
      perWorkflow: config.executionRetentionPerWorkflow,
      batchSize: config.retentionBatchSize,
      intervalMs: config.retentionIntervalMs,
      onPruned: (n) => metrics.executionsPruned.inc(n),
    });
    retention.start();
  }
  // Every role sweeps (an api-only fleet still recovers what a Redis restart lost); the
  // store lease lets one process per round do it. The in-process queue has one sweeper.
  // Single-flight: a round that comes while the last pass still runs is skipped.
  const sweeper = createSweeper(store, queue, logger, {
    owner: queue.kind === 'local' ? undefined : engine.workerId,
    leaseMs: config.sweepIntervalMs * 2,
  });
  const sweep = () => sweeper.run();
  if (runsWorker || queue.kind === 'bullmq') {
    await sweep().catch((err) => logger.warn({ err }, 'recovery sweep failed; retrying on the next round'));
  }
  const sweepTimer = setInterval(() => {
    if (!runsWorker && queue.kind === 'local') return;
    sweep().catch((err) => logger.warn({ err }, 'recovery sweep failed; retrying on the next round'));
    if (config.heartbeatFile) heartbeat(config.heartbeatFile, store, queue, logger);
  }, config.sweepIntervalMs);
  sweepTimer.unref();
  if (config.heartbeatFile) heartbeat(config.heartbeatFile, store, queue, logger);

  if (!runsApi) logger.info({ role: config.role, store: store.kind, queue: queue.kind }, 'Hookflow worker started');

  let server: http.Server | null = null;
  let rateLimiter: RateLimiter | null = null;
  if (runsApi) {
    rateLimiter = config.redisUrl
      ? (await import('./triggers/rate-limit-redis.ts')).createRedisRateLimiter({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          logger,
        })
      : createMemoryRateLimiter();
    // The vault's lookup throws NonRetryableError('credential_missing') for an unknown name;
    // triggers answer that with 401, so it becomes null here.
    const vaultSecrets: SecretLookup = async (name) => {
      try {
        return await services.credential(name);
      } catch (err) {
        if (err instanceof NonRetryableError && err.code === 'credential_missing') return null;
        throw err;
      }
    };
    const triggers: AppContext['triggers'] = {
      secrets: cachedSecrets(options.secrets ?? vaultSecrets),
      rateLimiter,
      toleranceMs: config.signatureToleranceMs,
      trustedProxies: parseCidrs(config.trustedProxies),
      defaultRateLimit:
        config.triggerRateLimit > 0
          ? { capacity: config.triggerRateLimit, refillPerSecond: config.triggerRateLimit }
          : null,
    };
    const ctx: AppContext = {
      config,
      store,
      queue,
      loader,
      logger,
      limits,
      results,
      triggers,
      vault,
      outbound: { fetch: guard.fetch, resolveHost: guard.resolve },
      metrics,
      retention,
    };
    const isolation = hookIsolationHeaders(config.hsts);
    server = createServer(
      config,
      {
        keepAliveTimeout: 65_000,
        // Slow senders (slowloris: headers or a body trickled byte by byte) hold a socket each;
        // Node's defaults let them for 5 minutes, checked every 30 s. Bounded here, a whole
        // request must arrive within REQUEST_TIMEOUT_MS (headers within at most 10 s) → 408.
        requestTimeout: config.requestTimeoutMs,
        headersTimeout: Math.min(10_000, config.requestTimeoutMs),
        connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
        ...FRAMING_SERVER_OPTIONS,
      },
      withRequestFraming(createRequestListener(ctx), isolation),
      logger,
    );
    installClientErrorHandler(server, logger, isolation);
    // While shutting down, every response closes its connection, so keep-alive clients move
    // on to another instance instead of sending more requests here.
    server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (stopping.signal.aborted) res.setHeader('connection', 'close');
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    logger.info(
      { port, role: config.role, store: store.kind, queue: queue.kind },
      `Hookflow listening on ${config.publicUrl}`,
    );
  }

  return {
    config,
    logger,
    store,
    queue,
    port: server ? (server.address() as AddressInfo).port : null,
    results,
    vault,
    metrics,
    retention,
    async stop(graceMs = config.shutdownTimeoutMs) {
      const deadline = Date.now() + graceMs;
      clearInterval(sweepTimer);
      // Stop taking jobs before telling running executions to stop: an execution handed back
      // while this process still consumes would be claimed again at once, in a loop.
      // (An api-only process consumes nothing: its producer stays open for in-flight requests.)
      const queueClosed = runsWorker ? queue.close(graceMs) : null;
      // Running executions finish their current steps, then go back to the queue as `queued`.
      stopping.abort();
      // Sync callers still waiting answer 202 with their execution id now (it is committed and
      // will finish after the restart), instead of being cut off when the server closes. A
      // worker-only process has no callers: it keeps publishing the results of what finishes.
      if (runsApi) await results.close();
      await retention?.stop();
      if (server) {
        // Stop accepting; in-flight requests finish (their executions are committed before
        // they are acknowledged); connections still open at the deadline are cut.
        const s = server;
        await new Promise<void>((resolve) => {
          const cut = setTimeout(
            () => {
              s.closeAllConnections();
              resolve();
            },
            Math.max(0, deadline - Date.now()),
          );
          cut.unref();
          s.close(() => {
            clearTimeout(cut);
            resolve();
          });
          s.closeIdleConnections();
        });
      }
      await (queueClosed ?? queue.close(Math.max(0, deadline - Date.now())));
      // Alerts of executions that failed just now still claim their slot and go out.
      await alerts.drain(Math.max(0, deadline - Date.now()));
      await rateLimiter?.close();
      if (!runsApi) await results.close();
      await guard.close();
      // Steps have finished or been handed back: nothing borrows a database or broker client now.
      await connections.close();
      // Nothing evaluates any more: end the sandbox processes instead of waiting for them to idle out.
      await closeExpressionSandbox();
      await store.close();
    },
  };
}

/** Proves to a container health check that this process still reaches its store and queue. */
function heartbeat(file: string, store: Store, queue: Queue, logger: Logger): void {
  Promise.all([store.ping(), queue.ping()])
    .then(() => writeFile(file, String(Date.now())))
    .catch((err) => logger.warn({ err }, 'health heartbeat skipped: store or queue unreachable'));
}

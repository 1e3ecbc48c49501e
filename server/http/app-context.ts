// What the HTTP layer needs from the running process. Built by server/runtime.ts.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Vault } from '../credentials/vault.ts';
import type { ExpressionLimits } from '../engine/expressions.ts';
import type { Retention } from '../engine/retention.ts';
import type { WorkflowLoader } from '../engine/workflow-loader.ts';
import type { GuardedFetch } from '../nodes/outbound/ssrf-guard.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Queue } from '../queue/queue.ts';
import type { ResultBus } from '../queue/result-bus.ts';
import type { Store } from '../store/store.ts';
import type { IngestDeps } from '../triggers/ingest.ts';

export type AppContext = {
  config: Config;
  store: Store;
  queue: Queue;
  loader: WorkflowLoader;
  logger: Logger;
  limits: ExpressionLimits;
  results: ResultBus;
  metrics: Metrics;
  retention: Retention | null;
  vault: Vault;
  /** Outbound network through the SSRF guard (credential tests), as steps have it. */
  outbound: { fetch: GuardedFetch; resolveHost: (host: string) => Promise<string> };
  /** Trigger hardening: secrets, rate limiter, proxies, defaults (built in runtime.ts). */
  triggers: Pick<IngestDeps, 'secrets' | 'rateLimiter' | 'toleranceMs' | 'trustedProxies' | 'defaultRateLimit'>;
};

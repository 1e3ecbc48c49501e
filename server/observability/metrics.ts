// Prometheus metrics (prom-client). One registry per runtime, so several runtimes in one
// process (the tests) do not share counters. Names follow Prometheus conventions: base
// units (seconds), `_total` for counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from '../queue/queue.ts';

export type Metrics = {
  registry: Registry;
  ingressRequests: Counter<'status'>;
  verificationFailures: Counter<'reason'>;
  executions: Counter<'outcome'>;
  stepDuration: Histogram<'node_type' | 'status'>;
  stepRetries: Counter<'node_type'>;
  executionsPruned: Counter<string>;
  alerts: Counter<'channel' | 'outcome'>;
};

export function createMetrics(queue: Queue): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hookflow_' });
  const queueDepth = new Gauge({
    name: 'hookflow_queue_jobs',
    help: 'Jobs in the queue by state (waiting, active, delayed)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await queue.stats();
      this.set({ state: 'waiting' }, s.waiting);
      this.set({ state: 'active' }, s.active);
      this.set({ state: 'delayed' }, s.delayed);
    },
  });
  new Gauge({
    name: 'hookflow_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting for a worker (0 when none waits)',
    registers: [registry],
    async collect() {
      const s = await queue.stats();
      this.set(s.oldestWaitingMs === null ? 0 : s.oldestWaitingMs / 1000);
    },
  });
  void queueDepth;
  return {
    registry,
    ingressRequests: new Counter({
      name: 'hookflow_ingress_requests_total',
      help: 'Requests to trigger URLs (/hooks/*) by response status',
      labelNames: ['status'],
      registers: [registry],
    }),
    verificationFailures: new Counter({
      name: 'hookflow_verification_failures_total',
      help: 'Trigger requests refused by verification (401/403) by error code',
      labelNames: ['reason'],
      registers: [registry],
    }),
    executions: new Counter({
      name: 'hookflow_executions_total',
      help: 'Finished executions by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'hookflow_step_duration_seconds',
      help: 'Duration of step attempts by node type and status',
      labelNames: ['node_type', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    stepRetries: new Counter({
      name: 'hookflow_step_retries_total',
      help: 'Step attempts that failed and were scheduled to run again',
      labelNames: ['node_type'],
      registers: [registry],
    }),
    executionsPruned: new Counter({
      name: 'hookflow_executions_pruned_total',
      help: 'Executions deleted by retention',
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'hookflow_alerts_total',
      help: 'Failure alerts by channel and outcome (sent, suppressed by de-duplication, failed)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
  };
}

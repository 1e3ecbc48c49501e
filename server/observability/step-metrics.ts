// Step durations and retries, observed where every step attempt ends up: the checkpoint.
// Wrapping the store's step writes (checkpoints and the finish) keeps the engine free of metrics code.
import { withStepWrites } from '../store/step-writes.ts';
import type { StepRecord, Store } from '../store/store.ts';
import type { Metrics } from './metrics.ts';

export function withStepMetrics(store: Store, metrics: Metrics): Store {
  const observe = (record: StepRecord) => {
    if (record.finishedAt === null || record.status === 'running' || record.status === 'skipped') return;
    metrics.stepDuration.observe(
      { node_type: record.type, status: record.status },
      Math.max(0, record.finishedAt - record.startedAt) / 1000,
    );
    if (record.status === 'waiting' && record.error !== null) metrics.stepRetries.inc({ node_type: record.type });
  };
  return withStepWrites(store, { written: observe });
}

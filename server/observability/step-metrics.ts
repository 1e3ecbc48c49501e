// Step durations and retries, observed where every step attempt ends up: the checkpoint.
// Wrapping the store's saveStepRecord keeps the engine free of metrics code.
import type { Store } from '../store/store.ts';
import type { Metrics } from './metrics.ts';

export function withStepMetrics(store: Store, metrics: Metrics): Store {
  const save = store.saveStepRecord;
  return {
    ...store,
    async saveStepRecord(record, owner) {
      if (!(await save(record, owner))) return false;
      if (record.finishedAt === null || record.status === 'running' || record.status === 'skipped') return true;
      metrics.stepDuration.observe(
        { node_type: record.type, status: record.status },
        Math.max(0, record.finishedAt - record.startedAt) / 1000,
      );
      if (record.status === 'waiting' && record.error !== null) metrics.stepRetries.inc({ node_type: record.type });
      return true;
    },
  };
}

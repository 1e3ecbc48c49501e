// Step records reach the store two ways: checkpoints (saveStepRecords) and the records a
// finish carries (Finish.steps). Wrappers that act on every stored record (the size limit,
// step metrics) go through here, so neither path can be missed by one of them.
import type { StepRecord, Store } from './store.ts';

export type StepWriteHooks = {
  /** Replaces each record before it is written. */
  map?: (record: StepRecord) => StepRecord;
  /** Sees each record once the write that carried it has succeeded. */
  written?: (record: StepRecord) => void;
};

export function withStepWrites(store: Store, hooks: StepWriteHooks): Store {
  const { map = (r: StepRecord) => r, written } = hooks;
  const save = store.saveStepRecords;
  const finish = store.finishExecution;
  return {
    ...store,
    async saveStepRecords(records, owner) {
      const stored = records.map(map);
      if (!(await save(stored, owner))) return false;
      if (written) stored.forEach(written);
      return true;
    },
    async finishExecution(id, owner, f, now) {
      const steps = f.steps?.map(map);
      if (!(await finish(id, owner, steps ? { ...f, steps } : f, now))) return false;
      if (written) steps?.forEach(written);
      return true;
    },
  };
}

// Test runs from the editor: the document on screen (saved or not, active or not) runs
// against a captured sample or a pasted payload. It is a real run (its steps do what they
// do) kept apart from production: marked `testRun`, never starting the onError workflow or
// alerts, and listed separately. The document rides on the execution row, so a worker in
// another process runs exactly what the editor sent.
import type { TriggerInput } from '../domain/execution.ts';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import type { ExecutionRow, StepRecord, Store } from '../store/store.ts';
import type { WorkflowDocument } from '../workflow/types.ts';
import type { TestRunSource } from './workflow-loader.ts';

/** What the loader needs to run a test run's own document; null for production runs. */
export function testRunSource(exec: Pick<ExecutionRow, 'id' | 'testRun' | 'document'>): TestRunSource | null {
  return exec.testRun && exec.document ? { executionId: exec.id, document: exec.document } : null;
}

export type TestRunStart = {
  workflowId: string;
  /** The saved version the document is based on (shown beside the run). */
  baseVersion: number;
  document: WorkflowDocument;
  input: Pick<TriggerInput, 'method' | 'headers' | 'query' | 'body'> & { path?: string };
  /** "Run this step": the step, and the earlier run whose outputs stand in for the steps before it. */
  step?: { stepId: string; records: StepRecord[] };
};

/**
 * "Run this step": the document without the step's downstream (so only the step and whatever
 * the earlier run did not reach before it runs), and the earlier run's records of the steps
 * that stay, which the planner treats as done.
 */
export function singleStepRun(
  document: WorkflowDocument,
  stepId: string,
  records: StepRecord[],
): { document: WorkflowDocument; records: StepRecord[] } {
  const edges = document.edges ?? [];
  const downstream = new Set<string>();
  const stack = [stepId];
  while (stack.length > 0) {
    const from = stack.pop() as string;
    for (const e of edges) {
      if (e.from === from && !downstream.has(e.to) && e.to !== stepId) {
        downstream.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return {
    document: {
      ...document,
      steps: document.steps.filter((s) => !downstream.has(s.id)),
      edges: edges.filter((e) => !downstream.has(e.to)),
    },
    // A record's key starts with its top-level step id (`loop[3].inner` belongs to `loop`).
    records: records.filter((r) => {
      const top = r.key.split(/[.[]/)[0];
      return top !== stepId && !downstream.has(top) && r.status === 'succeeded';
    }),
  };
}

/** Commits a queued test run (with its seeded records) and enqueues it; returns its id. */
export async function startTestRun(store: Store, queue: Queue, start: TestRunStart): Promise<string> {
  const now = Date.now();
  const id = ulid(now);
  const single = start.step ? singleStepRun(start.document, start.step.stepId, start.step.records) : null;
  const document = single?.document ?? start.document;
  await store.createExecution({
    id,
    workflowId: start.workflowId,
    workflowVersion: start.baseVersion,
    createdAt: now,
    testRun: true,
    document: { ...document, id: start.workflowId },
    trigger: {
      method: start.input.method,
      path: start.input.path ?? `/workflows/${start.workflowId}/test-run`,
      headers: start.input.headers,
      query: start.input.query,
      body: start.input.body,
      receivedAt: new Date(now).toISOString(),
    },
  });
  if (single && single.records.length > 0) await seedRecords(store, id, single.records);
  await queue.enqueue(id);
  return id;
}

/** Writes records into a queued execution through the port's fenced path: hold it, write, hand back. */
async function seedRecords(store: Store, id: string, records: StepRecord[]): Promise<void> {
  const owner = `test-run-seed:${id}`;
  if (!(await store.claimExecution(id, owner, 60_000))) throw new Error(`could not seed test run ${id}`);
  await store.saveStepRecords(
    records.map((r) => ({ ...r, executionId: id })),
    owner,
  );
  await store.releaseExecution(id, owner);
}

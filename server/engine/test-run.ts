// Test runs from the editor: the document on screen (saved or not, active or not) runs
// against a captured sample or a pasted payload. It is a real run (its steps do what they
// do) kept apart from production: marked `testRun`, never starting the onError workflow or
// alerts, and listed separately. The document rides on the execution row, so a worker in
// another process runs exactly what the editor sent.
import type { TriggerInput } from '../http/api-types.ts';
import { ulid } from '../lib/ids.ts';
import type { Queue } from '../queue/queue.ts';
import type { ExecutionRow, Store } from '../store/store.ts';
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
};

/** Commits a queued test run and enqueues it; returns its id. */
export async function startTestRun(store: Store, queue: Queue, start: TestRunStart): Promise<string> {
  const now = Date.now();
  const id = ulid(now);
  await store.createExecution({
    id,
    workflowId: start.workflowId,
    workflowVersion: start.baseVersion,
    createdAt: now,
    testRun: true,
    document: { ...start.document, id: start.workflowId },
    trigger: {
      method: start.input.method,
      path: start.input.path ?? `/workflows/${start.workflowId}/test-run`,
      headers: start.input.headers,
      query: start.input.query,
      body: start.input.body,
      receivedAt: new Date(now).toISOString(),
    },
  });
  await queue.enqueue(id);
  return id;
}

// What the executor is given (store, queue, node services, limits) and what it reports.
// Types only: every engine module may depend on them without depending on run-execution.ts.
import type { Logger } from 'pino';
import type { Alerter } from '../alerts/alerter.ts';
import type { NodeServices } from '../nodes/define-node.ts';
import type { Queue } from '../queue/queue.ts';
import type { ErrorInfo, Store } from '../store/store.ts';
import type { CompiledWorkflow } from './compiled.ts';
import type { TestRunSource } from './workflow-loader.ts';

export type ExecutionResponse = { status: number; headers: Record<string, string>; body: unknown };

export type ExecutionOutcome = {
  id: string;
  workflowId: string;
  status: 'succeeded' | 'failed';
  result: unknown;
  error: ErrorInfo | null;
  /** The output of the `respond` step, if one ran: what a sync trigger answers with. */
  response?: ExecutionResponse;
};

export type EngineDeps = {
  store: Store;
  queue: Queue;
  services: NodeServices;
  logger: Logger;
  workerId: string;
  leaseMs: number;
  stepTimeoutMs: number;
  loadWorkflow: (
    workflowId: string,
    version: number,
    testRun?: TestRunSource | null,
  ) => Promise<CompiledWorkflow | null>;
  /** Told about every finished execution (sync responses, metrics). */
  onFinished?: (outcome: ExecutionOutcome) => void;
  /** Aborted on shutdown: running steps finish, then the execution parks and is handed back. */
  stopping?: AbortSignal;
  /** Sends the workflow's failure alerts (settings.alerts), de-duplicated across processes. */
  alerts?: Alerter;
};

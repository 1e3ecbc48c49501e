// Response bodies of the management API. The editor imports these with `import type` only.
import type { ExecutionStatus, TriggerInput } from '../domain/execution.ts';
import type { StepRecord, TriggerSample } from '../store/store.ts';
import type { WorkflowDocument } from '../workflow/types.ts';

export type ApiError = { error: { code: string; message: string; details?: unknown } };

export type ValidationProblem = { pointer: string; message: string };

// The domain's types, re-exported: the editor imports everything it shows from this file.
export type { ExecutionStatus, StepStatus, TriggerInput } from '../domain/execution.ts';

export type ExecutionRef = { id: string; status: ExecutionStatus; createdAt: string };

/** GET /api/workflows/:id, POST /api/workflows, PUT /api/workflows/:id */
export type WorkflowView = {
  id: string;
  name: string;
  active: boolean;
  version: number;
  document: WorkflowDocument;
  /** `[hidden for viewers]` for viewers: a trigger URL lets its holder run the workflow. */
  triggerUrl: string;
  testUrl: string;
  createdAt: string;
  updatedAt: string;
  lastExecution: ExecutionRef | null;
  /** One workflow only: the saved draft with problems (never run), or null when there is none. */
  draft?: WorkflowDraftView | null;
};

/** A saved document with problems, kept beside the versions until a version without problems replaces it. */
export type WorkflowDraftView = {
  document: unknown;
  problems: { pointer: string; message: string }[];
  savedAt: string;
};

/** GET /api/workflows → { items: WorkflowView[] } (documents included; lists are small). */
export type WorkflowList = { items: WorkflowView[] };

export type WorkflowVersionView = { version: number; createdAt: string; source: string };

/** A stored step record as the API shows it: times as ISO strings, with its duration. */
export type StepRecordView = Omit<StepRecord, 'executionId' | 'startedAt' | 'finishedAt'> & {
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
};

export type ExecutionView = {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: ExecutionStatus;
  trigger: TriggerInput;
  /** The execution whose `workflow.call` started this one, if any. */
  parentExecutionId: string | null;
  error: { message: string; code?: string; stepId?: string } | null;
  result: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** A test run from the editor (its document, not a stored version, ran). */
  testRun: boolean;
  /** A replay: the execution it replays. */
  replayOf: string | null;
  /** The attempt shown (1 + the earlier attempts). */
  attempt: number;
  steps?: StepRecordView[];
  /** One execution only: the earlier attempts of a retried execution, oldest first. */
  attempts?: ExecutionAttemptView[];
  /** One execution only: its replays, newest first (at most 50). */
  replays?: ExecutionRef[];
  /** One execution only, test runs: the document that ran. */
  document?: WorkflowDocument | null;
};

export type ExecutionAttemptView = {
  attempt: number;
  workflowVersion: number;
  status: ExecutionStatus;
  error: { message: string; code?: string; stepId?: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  steps: StepRecordView[];
};

/** POST /api/executions/:id/retry|replay → 202: which execution runs which version. */
export type RerunView = {
  executionId: string;
  status: 'queued';
  workflowVersion: number;
  /** `current`: the workflow's newest version; `original`: the one the execution ran. */
  version: 'current' | 'original';
};

/** GET /api/executions → cursor pagination, newest first. */
export type ExecutionList = { items: ExecutionView[]; nextCursor: string | null };

/** GET /api/auth/users[/:id], PATCH /api/auth/users/:id; POST adds `invite` when no password was given. */
export type UserView = {
  id: string;
  email: string;
  role: 'owner' | 'editor' | 'viewer';
  createdAt: string;
  disabledAt: string | null;
};

/** GET /api/auth/sessions, GET /api/auth/users/:id/sessions → { items: SessionView[] } */
export type SessionView = { id: string; userId: string; createdAt: string; expiresAt: string; current: boolean };

/** GET /api/node-types */
export type NodeTypeView = {
  type: string;
  title: string;
  category: string;
  description: string;
  params: Record<string, unknown>;
  outputs: string[];
  /** Outputs also come from params (switch cases). */
  dynamicOutputs: boolean;
  /** Params written as bare JSONata, without the `=` prefix. */
  expressionParams: string[];
  credentialTypes: string[];
};

/** GET /api/workflows/:id/samples → newest first, at most 20: the stored sample, time as ISO. */
export type TriggerSampleView = Omit<TriggerSample, 'workflowId' | 'receivedAt'> & { receivedAt: string };
export type TriggerSampleList = { items: TriggerSampleView[] };

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
  error: { message: string; code?: string; stepId?: string } | null;
  result: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  steps?: StepRecordView[];
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

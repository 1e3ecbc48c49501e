// The Store port: everything durable. Adapters: sqlite/ (default), postgres/ and mongo/. All pass
// the same contract suite (test/integration/store-contract.test.ts). Times are epoch ms.
import type { ErrorInfo, ExecutionStatus, StepStatus, StepWait, TriggerInput } from '../domain/execution.ts';
import type { WorkflowDocument } from '../workflow/types.ts';
import type {
  ApiKeyRow,
  AuditEntry,
  AuditFilter,
  PasswordResetRow,
  SessionRow,
  UserChange,
  UserPatch,
  UserRow,
} from './auth-types.ts';

export type WorkflowRow = {
  id: string;
  name: string;
  active: boolean;
  version: number;
  /** Stored without `active`; the row's flag is the truth. */
  document: WorkflowDocument;
  token: string;
  createdAt: number;
  updatedAt: number;
};

export type VersionRow = { version: number; createdAt: number; source: string; document: WorkflowDocument };

export type TokenTarget = { workflowId: string; version: number; active: boolean };

export type { ErrorInfo };

export type ExecutionRow = {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: ExecutionStatus;
  trigger: TriggerInput;
  /** The execution whose `workflow.call` step started this one: woken when this one finishes. */
  parentExecutionId: string | null;
  /** How many `workflow.call`s deep this execution is: 0 when a trigger started it. */
  callDepth: number;
  error: ErrorInfo | null;
  result: unknown;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** When a waiting execution (delay, retry backoff) is due. */
  runAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /**
   * Claims since the execution was last handed back cleanly (created, suspended, released,
   * reopened): 1 for a clean claim, more for every run that ended without handing it back
   * (internal error, crash, lost lease). Durable across restarts: `requeueRunning` keeps it.
   */
  claims: number;
  /** A test run from the editor: runs `document` (unsaved, maybe inactive), not a stored version. */
  testRun?: boolean;
  /** Test runs only: the document as the editor sent it. */
  document?: WorkflowDocument | null;
  /** A replay: the execution it replays. */
  replayOf?: string | null;
  /** Earlier attempts of a retried execution, oldest first (each as it ended). */
  attempts?: ExecutionAttempt[];
};

/**
 * A claimed execution. `noStepRecords` is set when the adapter saw, in the claim itself, that
 * the execution has no step record yet (a first run, the common case): the engine then skips
 * reading them. Records are written only under the lease the claim just took, so none can
 * appear in between. An adapter that does not check leaves it unset and the engine reads.
 */
export type ClaimedExecution = ExecutionRow & { noStepRecords?: true };

/** One ended attempt of an execution that was retried afterwards: kept so retries never erase history. */
export type ExecutionAttempt = {
  attempt: number;
  workflowVersion: number;
  status: ExecutionStatus;
  error: ErrorInfo | null;
  startedAt: number | null;
  finishedAt: number | null;
  steps: StepRecord[];
};

/** How many earlier attempts an execution keeps (the oldest beyond this are dropped). */
export const MAX_KEPT_ATTEMPTS = 20;

export type NewExecution = {
  id: string;
  workflowId: string;
  workflowVersion: number;
  trigger: TriggerInput;
  createdAt: number;
  /** Set by `workflow.call` (always with a dedupe claim: the call key). */
  parentExecutionId?: string;
  callDepth?: number;
  testRun?: boolean;
  document?: WorkflowDocument;
  replayOf?: string;
};

/** What a retry changes besides reopening: the version it runs, and the attempt it archives. */
export type Reopen = { workflowVersion: number; attempts: ExecutionAttempt[] };

export type DedupeClaim = { key: string; expiresAt: number };

export type CreateResult = { created: true; id: string } | { created: false; existingId: string };

export type StepRecord = {
  executionId: string;
  /** Unique within the execution: the step id, or `loop[3].inner` inside a loop. */
  key: string;
  stepId: string;
  type: string;
  status: StepStatus;
  attempt: number;
  input: unknown;
  output: unknown;
  branches: string[] | null;
  error: ErrorInfo | null;
  /** Set exactly when `status` is `waiting`. */
  wait: StepWait | null;
  startedAt: number;
  finishedAt: number | null;
};

export type ExecutionFilter = {
  workflowId?: string;
  status?: ExecutionStatus;
  limit: number;
  /** Return executions older than this id (ids sort by time). */
  cursor?: string;
  /** Case-insensitive text the trigger input (payload, headers, query, path) contains. */
  search?: string;
  /** true: test runs only; false: production only; unset: both. */
  testRun?: boolean;
  /** Replays of this execution only. */
  replayOf?: string;
};

export type Finish = {
  status: 'succeeded' | 'failed' | 'cancelled';
  error?: ErrorInfo | null;
  result?: unknown;
  /**
   * Step records not yet checkpointed (the last step's, and side-effect-free steps' before
   * it): written in the same atomic, lease-fenced write as the outcome, or not at all.
   */
  steps?: StepRecord[];
};

/** A credential as stored: the value is sealed (AES-256-GCM) by the vault before it gets here. */
export type CredentialRow = { name: string; type: string; sealed: string; createdAt: number; updatedAt: number };

/** A request captured by `ANY /hooks/:token/test`: sample data for the editor, never executed. */
export type TriggerSample = {
  id: string;
  workflowId: string;
  receivedAt: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  files?: unknown[];
  /** `ok: null` when the trigger has no auth configured. */
  verification: { ok: boolean | null; code?: string; reason?: string };
};

/** A saved document that has problems: kept beside the versions (which always compile) until a
 * version without problems replaces it. Never run; activation waits until it is fixed. */
export type DraftRow = {
  workflowId: string;
  document: unknown;
  problems: { pointer: string; message: string }[];
  savedAt: number;
};

export type Store = {
  kind: 'sqlite' | 'postgres' | 'mongo';

  /** Creates or replaces the workflow's draft. */
  saveDraft(draft: DraftRow): Promise<void>;
  getDraft(workflowId: string): Promise<DraftRow | null>;
  deleteDraft(workflowId: string): Promise<void>;

  saveWorkflow(
    doc: WorkflowDocument,
    source: string,
    now?: number,
  ): Promise<{ row: WorkflowRow; created: boolean; changed: boolean }>;
  getWorkflow(id: string): Promise<WorkflowRow | null>;
  listWorkflows(): Promise<WorkflowRow[]>;
  deleteWorkflow(id: string): Promise<boolean>;
  setActive(id: string, active: boolean): Promise<WorkflowRow | null>;
  rotateToken(id: string): Promise<WorkflowRow | null>;
  listVersions(id: string): Promise<VersionRow[]>;
  getVersion(id: string, version: number): Promise<VersionRow | null>;
  findByToken(token: string): Promise<TokenTarget | null>;
  /**
   * Every workflow's trigger token and nothing else (viewer redaction reads it per request).
   * Optional so an adapter may omit it: callers fall back to `listWorkflows`.
   */
  listTriggerTokens?(): Promise<string[]>;

  /** Commits the execution (and claims the dedupe key, atomically) before anything is acknowledged. */
  createExecution(exec: NewExecution, dedupe?: DedupeClaim): Promise<CreateResult>;
  getExecution(id: string): Promise<ExecutionRow | null>;
  listExecutions(filter: ExecutionFilter): Promise<{ items: ExecutionRow[]; nextCursor: string | null }>;
  /** Takes the execution for `owner` if it is runnable (queued, due, or its lease expired). */
  claimExecution(id: string, owner: string, leaseMs: number, now?: number): Promise<ClaimedExecution | null>;
  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Parks a leased execution until `runAt` (delay, retry backoff), releasing the lease. */
  suspendExecution(id: string, owner: string, runAt: number): Promise<boolean>;
  /** Hands a leased execution back to the queue (graceful shutdown). */
  releaseExecution(id: string, owner: string): Promise<boolean>;
  /** Records the outcome (and `finish.steps`) while `owner` holds the lease; false otherwise. */
  finishExecution(id: string, owner: string, finish: Finish, now?: number): Promise<boolean>;
  /**
   * Executions that are not finished, in ascending id order: the recovery sweep re-enqueues
   * these. `after` pages (ids greater than it); `dueBy` leaves out waiting executions whose
   * runAt is later (not due yet: nothing to recover before then).
   */
  listUnfinished(
    limit: number,
    page?: { after?: string; dueBy?: number },
  ): Promise<Pick<ExecutionRow, 'id' | 'status' | 'runAt' | 'leaseUntil'>[]>;
  /**
   * Returns every `running` execution to `queued`, keeping its claim count (those runs
   * crashed). Only safe when this process is the sole worker.
   */
  requeueRunning(): Promise<number>;
  /**
   * Resets a failed execution so it can continue from its failed step (earlier outputs kept).
   * With `reopen`, also sets the version it runs and its list of earlier attempts, in the same
   * atomic step (only while it is still failed).
   */
  reopenExecution(id: string, reopen?: Reopen): Promise<boolean>;

  listStepRecords(executionId: string): Promise<StepRecord[]>;
  /**
   * Checkpoints step records, all or none, only while `owner` holds the execution's running
   * lease (fencing: a worker that lost its lease cannot overwrite the new owner's records);
   * false otherwise. The records belong to one execution.
   */
  saveStepRecords(records: StepRecord[], owner: string): Promise<boolean>;
  deleteStepRecords(executionId: string, keys: string[]): Promise<void>;

  listCredentials(): Promise<CredentialRow[]>;
  getCredential(name: string): Promise<CredentialRow | null>;
  /** Creates or replaces a credential's type and sealed value. */
  putCredential(row: { name: string; type: string; sealed: string }, now?: number): Promise<{ created: boolean }>;
  deleteCredential(name: string): Promise<boolean>;
  /** Makes a waiting execution due now (a called workflow finished); false when it is not waiting. */
  wakeExecution(id: string, now?: number): Promise<boolean>;

  /** Number of executions of the workflow currently `running` (per-workflow max concurrency). */
  countRunning(workflowId: string): Promise<number>;

  /** Saves a captured sample and keeps only the newest `keep` of its workflow. */
  saveSample(sample: TriggerSample, keep: number): Promise<void>;
  /** Newest first. */
  listSamples(workflowId: string, limit: number): Promise<TriggerSample[]>;

  /**
   * Takes or renews the named lease for `owner` until now + `ms`; false while another owner
   * holds it unexpired. Keeps cluster-wide chores (the recovery sweep) to one process at a time.
   */
  tryAcquireLease(name: string, owner: string, ms: number, now?: number): Promise<boolean>;

  ping(): Promise<void>;
  close(): Promise<void>;

  // Access control (server/auth): users, sessions, API keys. Secrets are stored as hashes only.
  createUser(user: UserRow): Promise<boolean>;
  getUser(id: string): Promise<UserRow | null>;
  getUserByEmail(email: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  countUsers(): Promise<number>;
  createSession(session: SessionRow): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes expired sessions; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
  createApiKey(key: ApiKeyRow): Promise<void>;
  getApiKeyByHash(keyHash: string): Promise<ApiKeyRow | null>;
  listApiKeys(userId?: string): Promise<ApiKeyRow[]>;
  /** Sets `revokedAt`; false when the key does not exist or was already revoked. */
  revokeApiKey(id: string, now: number): Promise<boolean>;
  touchApiKey(id: string, now: number): Promise<void>;
  // Access management (owner routes under /api/auth/users).
  /** Applies the patch unless it would leave no enabled owner (`last_owner`), in one atomic step. */
  updateUser(id: string, patch: UserPatch): Promise<UserChange>;
  /** Deletes the user with their sessions and reset tokens and revokes their keys, unless they
   * are the last enabled owner. */
  deleteUser(id: string, now: number): Promise<UserChange>;
  /** Unexpired sessions, oldest first; of one user, or of everyone. */
  listSessions(now: number, userId?: string): Promise<SessionRow[]>;
  /** Removes every session of the user; returns how many. */
  deleteUserSessions(userId: string): Promise<number>;
  /** Revokes every unrevoked key of the user (or of the `admin-key` principal); returns how many. */
  revokeUserApiKeys(userId: string, now: number): Promise<number>;
  /** Stores a one-time password reset token (hash), replacing the user's earlier ones. */
  createPasswordReset(reset: PasswordResetRow): Promise<void>;
  /** Deletes the token and returns its user id, or null when unknown or expired. One use only. */
  consumePasswordReset(tokenHash: string, now: number): Promise<string | null>;

  // Audit log of management actions (who changed which workflow, credential, key).
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first; `cursor` is an id returned earlier. */
  listAudit(filter: AuditFilter): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;

  // Retention (server/engine/retention.ts).
  /** Deletes at most `limit` finished executions (with their step records) that are older than
   * `before` or beyond the newest `keepPerWorkflow` of their workflow. Returns how many. */
  pruneExecutions(opts: PruneOptions): Promise<number>;

  // Failure alerts (server/alerts): one atomic claim per failure, shared by every process.
  /** Decides whether this failure sends an alert (see store/alert-slot-decision.ts) and records
   * the decision in the same atomic step, so concurrent workers never both send. */
  claimAlertSlot(key: AlertSlotKey, windowMs: number, now?: number): Promise<AlertClaim>;
};

/** `signature`: what makes two failures "the same", e.g. `<stepId>:<error code>`. */
export type AlertSlotKey = { workflowId: string; signature: string };

export type AlertClaim =
  /** `suppressed` failures were counted since the alert at `previousAlertAt`. */
  | { send: true; suppressed: number; previousAlertAt: number | null }
  /** Inside the window: not sent; `suppressed` is the count so far including this one. */
  | { send: false; suppressed: number };

export type {
  ApiKeyRow,
  AuditEntry,
  AuditFilter,
  PasswordResetRow,
  Role,
  SessionRow,
  UserChange,
  UserPatch,
  UserRow,
} from './auth-types.ts';

export type PruneOptions = {
  /** Epoch ms; 0 disables the age rule. */
  before: number;
  /** 0 disables the count rule. */
  keepPerWorkflow: number;
  limit: number;
};

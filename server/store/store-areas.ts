// The slices of the Store port that each adapter implements one file at a time
// (sqlite/<area>.ts, postgres/<area>.ts, mongo/<area>.ts).
import type { Store } from './store.ts';

export type WorkflowStore = Pick<
  Store,
  | 'saveWorkflow'
  | 'getWorkflow'
  | 'listWorkflows'
  | 'deleteWorkflow'
  | 'setActive'
  | 'rotateToken'
  | 'listVersions'
  | 'getVersion'
  | 'findByToken'
  | 'listTriggerTokens'
>;

export type ExecutionStore = Pick<
  Store,
  | 'createExecution'
  | 'getExecution'
  | 'listExecutions'
  | 'claimExecution'
  | 'renewLease'
  | 'suspendExecution'
  | 'releaseExecution'
  | 'finishExecution'
  | 'listUnfinished'
  | 'reopenExecution'
  | 'requeueRunning'
  | 'listStepRecords'
  | 'saveStepRecords'
  | 'deleteStepRecords'
>;

export type AuthStore = Pick<
  Store,
  | 'createUser'
  | 'getUser'
  | 'getUserByEmail'
  | 'listUsers'
  | 'countUsers'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'deleteExpiredSessions'
  | 'createApiKey'
  | 'getApiKeyByHash'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'touchApiKey'
  | 'updateUser'
  | 'deleteUser'
  | 'listSessions'
  | 'deleteUserSessions'
  | 'revokeUserApiKeys'
  | 'createPasswordReset'
  | 'consumePasswordReset'
>;

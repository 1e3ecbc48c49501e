import type {
  ExecutionList,
  ExecutionStatus,
  ExecutionView,
  NodeTypeView,
  RerunView,
  TriggerInput,
  ValidationProblem,
  WorkflowList,
  WorkflowVersionView,
  WorkflowView,
} from '../../../server/http/api-types.ts';
import type { WorkflowDocument } from '../../../server/workflow/types.ts';
import { apiRequest } from './client.ts';

const enc = encodeURIComponent;

export type ExecutionQuery = {
  workflowId?: string;
  status?: ExecutionStatus | '';
  limit?: number;
  cursor?: string;
  /** An execution id or text of the payload. */
  q?: string;
  kind?: 'all' | 'production' | 'test';
};

export type TestRunRequest = {
  document: WorkflowDocument;
  input?: { method?: string; headers?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  fromExecution?: string;
  stepId?: string;
};

export type CredentialSummary = { name: string; type: string };

export const api = {
  listWorkflows: () => apiRequest<WorkflowList>('GET', '/api/workflows'),
  getWorkflow: (id: string) => apiRequest<WorkflowView>('GET', `/api/workflows/${enc(id)}`),
  createWorkflow: (document: WorkflowDocument, draft = false) =>
    apiRequest<WorkflowView>('POST', `/api/workflows${draft ? '?draft=true' : ''}`, document),
  updateWorkflow: (id: string, document: WorkflowDocument, draft = false) =>
    apiRequest<WorkflowView>('PUT', `/api/workflows/${enc(id)}${draft ? '?draft=true' : ''}`, document),
  deleteWorkflow: (id: string) => apiRequest<void>('DELETE', `/api/workflows/${enc(id)}`),
  activate: (id: string) => apiRequest<WorkflowView>('POST', `/api/workflows/${enc(id)}/activate`),
  deactivate: (id: string) => apiRequest<WorkflowView>('POST', `/api/workflows/${enc(id)}/deactivate`),
  rotateToken: (id: string) => apiRequest<WorkflowView>('POST', `/api/workflows/${enc(id)}/rotate-token`),
  listVersions: (id: string) =>
    apiRequest<{ items: WorkflowVersionView[] }>('GET', `/api/workflows/${enc(id)}/versions`),
  getVersion: (id: string, version: number) =>
    apiRequest<{ version: number; document: WorkflowDocument }>('GET', `/api/workflows/${enc(id)}/versions/${version}`),
  validate: (document: WorkflowDocument) =>
    apiRequest<{ valid: boolean; errors: ValidationProblem[] }>('POST', '/api/workflows/validate', document),
  listSamples: (id: string) => apiRequest<{ items: TriggerInput[] }>('GET', `/api/workflows/${enc(id)}/samples`),

  listExecutions: (query: ExecutionQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return apiRequest<ExecutionList>('GET', `/api/executions?${params}`);
  },
  getExecution: (id: string) => apiRequest<ExecutionView>('GET', `/api/executions/${enc(id)}`),
  replayExecution: (id: string, version: RerunView['version'] = 'current') =>
    apiRequest<RerunView>('POST', `/api/executions/${enc(id)}/replay`, { version }),
  retryExecution: (id: string, version: RerunView['version'] = 'current') =>
    apiRequest<RerunView>('POST', `/api/executions/${enc(id)}/retry`, { version }),
  testRun: (workflowId: string, request: TestRunRequest) =>
    apiRequest<{ executionId: string }>('POST', `/api/workflows/${enc(workflowId)}/test-run`, request),

  listNodeTypes: () => apiRequest<{ items: NodeTypeView[] }>('GET', '/api/node-types'),
  listCredentials: () => apiRequest<{ items: CredentialSummary[] }>('GET', '/api/credentials'),
};

// The CLI's HTTP client for the management API: `--url` / HOOKFLOW_URL and the API key from
// HOOKFLOW_API_KEY, sent as `Authorization: Bearer`. API errors become readable messages.
import type { WorkflowView } from '../http/api-types.ts';
import type { WorkflowDocument } from '../workflow/types.ts';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export type ApiClient = {
  listWorkflows(): Promise<WorkflowView[]>;
  getWorkflow(id: string): Promise<WorkflowView | null>;
  createWorkflow(doc: WorkflowDocument): Promise<WorkflowView>;
  updateWorkflow(doc: WorkflowDocument): Promise<WorkflowView>;
  setActive(id: string, active: boolean): Promise<WorkflowView>;
};

export function createApiClient(baseUrl: string, apiKey: string | null): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${baseUrl}: ${(err as Error).cause ?? (err as Error).message}`);
    }
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (res.status === 404 && method === 'GET') return { status: 404, body: parsed as T };
    if (res.status >= 400) {
      const e = parsed?.error ?? {};
      const details = Array.isArray(e.details)
        ? `\n${e.details.map((d: { pointer: string; message: string }) => `  ${d.pointer}: ${d.message}`).join('\n')}`
        : '';
      const hint = res.status === 401 && !apiKey ? ' (set HOOKFLOW_API_KEY)' : '';
      throw new CliError(`${method} ${path}: ${res.status} ${e.code ?? ''} ${e.message ?? text}${hint}${details}`);
    }
    return { status: res.status, body: parsed as T };
  };
  return {
    async listWorkflows() {
      return (await call<{ items: WorkflowView[] }>('GET', '/workflows')).body.items;
    },
    async getWorkflow(id) {
      const r = await call<WorkflowView>('GET', `/workflows/${encodeURIComponent(id)}`);
      return r.status === 404 ? null : r.body;
    },
    async createWorkflow(doc) {
      return (await call<WorkflowView>('POST', '/workflows', doc)).body;
    },
    async updateWorkflow(doc) {
      return (await call<WorkflowView>('PUT', `/workflows/${encodeURIComponent(doc.id)}`, doc)).body;
    },
    async setActive(id, active) {
      return (
        await call<WorkflowView>('POST', `/workflows/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`)
      ).body;
    },
  };
}

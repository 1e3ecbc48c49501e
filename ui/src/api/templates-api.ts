import type { WorkflowView } from '../../../server/http/api-types.ts';
import { apiRequest } from './client.ts';

export type TemplateView = {
  id: string;
  name: string;
  description: string;
  /** The sender whose signature the trigger checks (github, stripe…), or "webhook". */
  source: string;
  steps: { id: string; type: string }[];
  credentials: string[];
  sample: { headers?: Record<string, string>; body: unknown };
};

export const templatesApi = {
  list: () => apiRequest<{ items: TemplateView[] }>('GET', '/api/templates'),
  install: (id: string) => apiRequest<WorkflowView>('POST', `/api/templates/${encodeURIComponent(id)}/install`, {}),
};

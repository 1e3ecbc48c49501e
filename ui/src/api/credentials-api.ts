import { apiRequest } from './client.ts';

const enc = encodeURIComponent;

export type CredentialView = { name: string; type: string; createdAt: string; updatedAt: string };
export type FieldSchema = {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  writeOnly?: boolean;
  items?: { type?: string };
};
export type CredentialTypeView = {
  type: string;
  title: string;
  description: string;
  schema: { required?: string[]; properties: Record<string, FieldSchema> };
  testable: boolean;
  rotatable: boolean;
};

export const credentialsApi = {
  list: () => apiRequest<{ items: CredentialView[] }>('GET', '/api/credentials'),
  types: () => apiRequest<{ items: CredentialTypeView[] }>('GET', '/api/credentials/types'),
  create: (name: string, type: string, data: Record<string, unknown>) =>
    apiRequest<CredentialView>('POST', '/api/credentials', { name, type, data }),
  update: (name: string, data: Record<string, unknown>) =>
    apiRequest<CredentialView>('PATCH', `/api/credentials/${enc(name)}`, { data }),
  rotate: (name: string, secret: string) =>
    apiRequest<CredentialView>('POST', `/api/credentials/${enc(name)}/rotate`, { secret }),
  test: (name: string) => apiRequest<{ ok: boolean; message: string }>('POST', `/api/credentials/${enc(name)}/test`),
  remove: (name: string) => apiRequest<void>('DELETE', `/api/credentials/${enc(name)}`),
};

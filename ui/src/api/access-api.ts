import type { SessionView, UserView } from '../../../server/http/api-types.ts';
import type { Role } from '../../../server/store/store.ts';
import { apiRequest } from './client.ts';

const enc = encodeURIComponent;

export type OneTimeToken = { token: string; expiresAt: string };
export type ApiKeyView = {
  id: string;
  name: string;
  userId: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export const accessApi = {
  users: () => apiRequest<{ items: UserView[] }>('GET', '/api/auth/users'),
  createUser: (body: { email: string; role: Role; password?: string }) =>
    apiRequest<UserView & { invite?: OneTimeToken }>('POST', '/api/auth/users', body),
  changeUser: (id: string, change: { role?: Role; disabled?: boolean }) =>
    apiRequest<UserView>('PATCH', `/api/auth/users/${enc(id)}`, change),
  deleteUser: (id: string) => apiRequest<void>('DELETE', `/api/auth/users/${enc(id)}`),
  resetPassword: (id: string) => apiRequest<OneTimeToken>('POST', `/api/auth/users/${enc(id)}/password-reset`),
  keys: () => apiRequest<{ items: ApiKeyView[] }>('GET', '/api/auth/keys'),
  createKey: (name: string, role: Role) =>
    apiRequest<ApiKeyView & { key: string }>('POST', '/api/auth/keys', { name, role }),
  revokeKey: (id: string) => apiRequest<void>('DELETE', `/api/auth/keys/${enc(id)}`),
  sessions: () => apiRequest<{ items: SessionView[] }>('GET', '/api/auth/sessions'),
  revokeSession: (id: string) => apiRequest<void>('DELETE', `/api/auth/sessions/${enc(id)}`),
};

/** The link that opens "choose your password" with a one-time token (in the fragment, never logged). */
export const resetLink = (token: string) => `${window.location.origin}/#reset=${enc(token)}`;

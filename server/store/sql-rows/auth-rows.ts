// Users, sessions and API keys as rows, shared by the SQL adapters (sqlite/, postgres/).
import type { ApiKeyRow, Role, SessionRow, UserRow } from '../store.ts';

export type UserDb = {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: number;
  disabled_at: number | null;
};
export type SessionDb = {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
};
export type KeyDb = {
  id: string;
  name: string;
  user_id: string;
  role: Role;
  prefix: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  admin_key_hash: string | null;
};

export const toUser = (r: UserDb): UserRow => ({
  id: r.id,
  email: r.email,
  passwordHash: r.password_hash,
  role: r.role,
  createdAt: r.created_at,
  disabledAt: r.disabled_at ?? null,
});

export const toSession = (r: SessionDb): SessionRow => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export const toKey = (r: KeyDb): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  role: r.role,
  prefix: r.prefix,
  keyHash: r.key_hash,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  adminKeyHash: r.admin_key_hash ?? null,
});

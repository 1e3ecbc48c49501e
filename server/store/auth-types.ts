// Users, sessions, API keys and audit entries as the Store port holds them (split out of
// store.ts, which re-exports them, so the port reads one area at a time).

export type Role = 'owner' | 'editor' | 'viewer';

export type UserRow = {
  id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash`, see server/auth/passwords.ts. */
  passwordHash: string;
  role: Role;
  createdAt: number;
  /** Set while the account is disabled: no sign-in, sessions and keys refused. */
  disabledAt: number | null;
};

export type UserPatch = { role?: Role; disabledAt?: number | null; passwordHash?: string };

export type UserChange =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'not_found' }
  /** The change would leave no enabled owner. */
  | { ok: false; reason: 'last_owner' };

export type PasswordResetRow = { tokenHash: string; userId: string; createdAt: number; expiresAt: number };

export type SessionRow = {
  tokenHash: string;
  userId: string;
  /** The CSRF token bound to this session (double-submit: cookie + `x-csrf-token` header). */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
};

export type ApiKeyRow = {
  id: string;
  name: string;
  userId: string;
  role: Role;
  /** First characters of the key, to recognise it in lists. */
  prefix: string;
  keyHash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Keys minted with ADMIN_API_KEY: SHA-256 of that admin key. They work only while the same
   * admin key is configured, so removing or rotating it revokes them. Null for users' keys. */
  adminKeyHash: string | null;
};

export type AuditEntry = {
  id: string;
  at: number;
  actor: { type: 'user' | 'api-key' | 'admin-key' | 'anonymous'; id: string | null; email: string | null };
  /** e.g. `workflow.update`, `api-key.revoke`, `auth.login-failed`. */
  action: string;
  resource: string;
  resourceId: string | null;
  method: string;
  path: string;
  status: number;
};

export type AuditFilter = { limit: number; cursor?: string; resource?: string; resourceId?: string };

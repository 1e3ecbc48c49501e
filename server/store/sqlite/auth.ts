// Users, sessions and API keys in SQLite. Only hashes of secrets are stored.
import type { DatabaseSync } from 'node:sqlite';
import { type KeyDb, type SessionDb, toKey, toSession, toUser, type UserDb } from '../sql-rows/auth-rows.ts';
import type { UserChange } from '../store.ts';
import type { AuthStore } from '../store-areas.ts';
import { transaction } from './open-database.ts';

/** An enabled owner other than `id` exists. */
const OTHER_OWNER = "SELECT 1 FROM users WHERE role = 'owner' AND disabled_at IS NULL AND id != ?";

export function sqliteAuth(db: DatabaseSync): AuthStore {
  const getUser = db.prepare('SELECT * FROM users WHERE id = ?');
  const getSession = db.prepare('SELECT * FROM sessions WHERE token_hash = ?');
  const getKey = db.prepare('SELECT * FROM api_keys WHERE key_hash = ?');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  return {
    async createUser(u) {
      const r = db
        .prepare(
          `INSERT INTO users (id, email, password_hash, role, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(u.id, u.email, u.passwordHash, u.role, u.createdAt, u.disabledAt);
      return r.changes > 0;
    },
    async getUser(id) {
      const r = getUser.get(id) as UserDb | undefined;
      return r ? toUser(r) : null;
    },
    async getUserByEmail(email) {
      const r = db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserDb | undefined;
      return r ? toUser(r) : null;
    },
    async listUsers() {
      return (db.prepare('SELECT * FROM users ORDER BY created_at, id').all() as UserDb[]).map(toUser);
    },
    async countUsers() {
      return Number((db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n);
    },
    async createSession(s) {
      db.prepare(
        'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ).run(s.tokenHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt);
    },
    async getSession(tokenHash) {
      const r = getSession.get(tokenHash) as SessionDb | undefined;
      return r ? toSession(r) : null;
    },
    async deleteSession(tokenHash) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    async deleteExpiredSessions(now) {
      return Number(db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes);
    },
    async createApiKey(k) {
      db.prepare(
        `INSERT INTO api_keys
           (id, name, user_id, role, prefix, key_hash, created_at, last_used_at, revoked_at, admin_key_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        k.id,
        k.name,
        k.userId,
        k.role,
        k.prefix,
        k.keyHash,
        k.createdAt,
        k.lastUsedAt,
        k.revokedAt,
        k.adminKeyHash,
      );
    },
    async getApiKeyByHash(keyHash) {
      const r = getKey.get(keyHash) as KeyDb | undefined;
      return r ? toKey(r) : null;
    },
    async listApiKeys(userId) {
      const rows = userId
        ? db.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at, id').all(userId)
        : db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all();
      return (rows as KeyDb[]).map(toKey);
    },
    async revokeApiKey(id, now) {
      return (
        db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0
      );
    },
    async touchApiKey(id, now) {
      touch.run(now, id);
    },
    async updateUser(id, patch) {
      // Check and write in one immediate transaction: two owners demoting each other at
      // once (from two processes) cannot both pass the last-owner check.
      return transaction(db, (): UserChange => {
        const r = getUser.get(id) as UserDb | undefined;
        if (!r) return { ok: false, reason: 'not_found' };
        const next = { ...toUser(r), ...patch };
        const wasOwner = r.role === 'owner' && r.disabled_at === null;
        const staysOwner = next.role === 'owner' && next.disabledAt === null;
        if (wasOwner && !staysOwner && !db.prepare(OTHER_OWNER).get(id)) return { ok: false, reason: 'last_owner' };
        db.prepare('UPDATE users SET role = ?, disabled_at = ?, password_hash = ? WHERE id = ?').run(
          next.role,
          next.disabledAt,
          next.passwordHash,
          id,
        );
        return { ok: true, user: next };
      });
    },
    async deleteUser(id, now) {
      return transaction(db, (): UserChange => {
        const r = getUser.get(id) as UserDb | undefined;
        if (!r) return { ok: false, reason: 'not_found' };
        if (r.role === 'owner' && r.disabled_at === null && !db.prepare(OTHER_OWNER).get(id)) {
          return { ok: false, reason: 'last_owner' };
        }
        db.prepare('DELETE FROM users WHERE id = ?').run(id);
        db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
        db.prepare('DELETE FROM password_resets WHERE user_id = ?').run(id);
        db.prepare('UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, id);
        return { ok: true, user: toUser(r) };
      });
    },
    async listSessions(now, userId) {
      const rows = userId
        ? db
            .prepare('SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, token_hash')
            .all(userId, now)
        : db.prepare('SELECT * FROM sessions WHERE expires_at > ? ORDER BY created_at, token_hash').all(now);
      return (rows as SessionDb[]).map(toSession);
    },
    async deleteUserSessions(userId) {
      return Number(db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes);
    },
    async revokeUserApiKeys(userId, now) {
      return Number(
        db.prepare('UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, userId)
          .changes,
      );
    },
    async createPasswordReset(reset) {
      transaction(db, () => {
        db.prepare('DELETE FROM password_resets WHERE user_id = ?').run(reset.userId);
        db.prepare('INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
          reset.tokenHash,
          reset.userId,
          reset.createdAt,
          reset.expiresAt,
        );
      });
    },
    async consumePasswordReset(tokenHash, now) {
      // DELETE … RETURNING: exactly one caller gets the row, however many race for it.
      const r = db
        .prepare('DELETE FROM password_resets WHERE token_hash = ? RETURNING user_id, expires_at')
        .get(tokenHash) as { user_id: string; expires_at: number } | undefined;
      return r && r.expires_at > now ? r.user_id : null;
    },
  };
}

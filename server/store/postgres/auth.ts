// Users, sessions and API keys in PostgreSQL. Only hashes of secrets are stored.

import { type KeyDb, type SessionDb, toKey, toSession, toUser, type UserDb } from '../sql-rows/auth-rows.ts';
import type { UserChange } from '../store.ts';
import type { AuthStore } from '../store-areas.ts';
import type { Sql, Tx } from './connect.ts';

/** Changes that could remove the last enabled owner take this lock first: two owners demoting
 * each other at once (from two processes) cannot both pass the last-owner check. */
const OWNERS_LOCK = "SELECT pg_advisory_xact_lock(hashtext('hookflow:owners'))";

const otherOwnerExists = async (tx: Tx, id: string) =>
  (await tx`SELECT 1 FROM users WHERE role = 'owner' AND disabled_at IS NULL AND id <> ${id}`).count > 0;

export function pgAuth(sql: Sql): AuthStore {
  return {
    async createUser(u) {
      const r = await sql`
        INSERT INTO users (id, email, password_hash, role, created_at, disabled_at)
        VALUES (${u.id}, ${u.email}, ${u.passwordHash}, ${u.role}, ${u.createdAt}, ${u.disabledAt})
        ON CONFLICT DO NOTHING`;
      return r.count > 0;
    },
    async getUser(id) {
      const [r] = await sql<UserDb[]>`SELECT * FROM users WHERE id = ${id}`;
      return r ? toUser(r) : null;
    },
    async getUserByEmail(email) {
      const [r] = await sql<UserDb[]>`SELECT * FROM users WHERE email = ${email}`;
      return r ? toUser(r) : null;
    },
    async listUsers() {
      return (await sql<UserDb[]>`SELECT * FROM users ORDER BY created_at, id`).map(toUser);
    },
    async countUsers() {
      const [r] = await sql<{ n: number }[]>`SELECT COUNT(*) AS n FROM users`;
      return r.n;
    },
    async createSession(s) {
      await sql`
        INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
        VALUES (${s.tokenHash}, ${s.userId}, ${s.csrfToken}, ${s.createdAt}, ${s.expiresAt})`;
    },
    async getSession(tokenHash) {
      const [r] = await sql<SessionDb[]>`SELECT * FROM sessions WHERE token_hash = ${tokenHash}`;
      return r ? toSession(r) : null;
    },
    async deleteSession(tokenHash) {
      await sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`;
    },
    async deleteExpiredSessions(now) {
      return (await sql`DELETE FROM sessions WHERE expires_at <= ${now}`).count;
    },
    async createApiKey(k) {
      await sql`
        INSERT INTO api_keys (id, name, user_id, role, prefix, key_hash, created_at, last_used_at, revoked_at,
          admin_key_hash)
        VALUES (${k.id}, ${k.name}, ${k.userId}, ${k.role}, ${k.prefix}, ${k.keyHash}, ${k.createdAt},
          ${k.lastUsedAt}, ${k.revokedAt}, ${k.adminKeyHash})`;
    },
    async getApiKeyByHash(keyHash) {
      const [r] = await sql<KeyDb[]>`SELECT * FROM api_keys WHERE key_hash = ${keyHash}`;
      return r ? toKey(r) : null;
    },
    async listApiKeys(userId) {
      const rows = await sql<KeyDb[]>`
        SELECT * FROM api_keys ${userId ? sql`WHERE user_id = ${userId}` : sql``} ORDER BY created_at, id`;
      return rows.map(toKey);
    },
    async revokeApiKey(id, now) {
      return (await sql`UPDATE api_keys SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL`).count > 0;
    },
    async touchApiKey(id, now) {
      await sql`UPDATE api_keys SET last_used_at = ${now} WHERE id = ${id}`;
    },
    async updateUser(id, patch) {
      return sql.begin(async (tx): Promise<UserChange> => {
        await tx.unsafe(OWNERS_LOCK);
        const [r] = await tx<UserDb[]>`SELECT * FROM users WHERE id = ${id}`;
        if (!r) return { ok: false, reason: 'not_found' };
        const next = { ...toUser(r), ...patch };
        const wasOwner = r.role === 'owner' && r.disabled_at === null;
        const staysOwner = next.role === 'owner' && next.disabledAt === null;
        if (wasOwner && !staysOwner && !(await otherOwnerExists(tx, id))) return { ok: false, reason: 'last_owner' };
        await tx`
          UPDATE users SET role = ${next.role}, disabled_at = ${next.disabledAt}, password_hash = ${next.passwordHash}
          WHERE id = ${id}`;
        return { ok: true, user: next };
      });
    },
    async deleteUser(id, now) {
      return sql.begin(async (tx): Promise<UserChange> => {
        await tx.unsafe(OWNERS_LOCK);
        const [r] = await tx<UserDb[]>`SELECT * FROM users WHERE id = ${id}`;
        if (!r) return { ok: false, reason: 'not_found' };
        if (r.role === 'owner' && r.disabled_at === null && !(await otherOwnerExists(tx, id))) {
          return { ok: false, reason: 'last_owner' };
        }
        await tx`DELETE FROM users WHERE id = ${id}`;
        await tx`DELETE FROM sessions WHERE user_id = ${id}`;
        await tx`DELETE FROM password_resets WHERE user_id = ${id}`;
        await tx`UPDATE api_keys SET revoked_at = ${now} WHERE user_id = ${id} AND revoked_at IS NULL`;
        return { ok: true, user: toUser(r) };
      });
    },
    async listSessions(now, userId) {
      const rows = await sql<SessionDb[]>`
        SELECT * FROM sessions WHERE expires_at > ${now} ${userId ? sql`AND user_id = ${userId}` : sql``}
        ORDER BY created_at, token_hash`;
      return rows.map(toSession);
    },
    async deleteUserSessions(userId) {
      return (await sql`DELETE FROM sessions WHERE user_id = ${userId}`).count;
    },
    async revokeUserApiKeys(userId, now) {
      return (await sql`UPDATE api_keys SET revoked_at = ${now} WHERE user_id = ${userId} AND revoked_at IS NULL`)
        .count;
    },
    async createPasswordReset(reset) {
      await sql.begin(async (tx) => {
        await tx`DELETE FROM password_resets WHERE user_id = ${reset.userId}`;
        await tx`
          INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
          VALUES (${reset.tokenHash}, ${reset.userId}, ${reset.createdAt}, ${reset.expiresAt})`;
      });
    },
    async consumePasswordReset(tokenHash, now) {
      // DELETE … RETURNING: exactly one caller gets the row, however many race for it.
      const [r] = await sql<{ user_id: string; expires_at: number }[]>`
        DELETE FROM password_resets WHERE token_hash = ${tokenHash} RETURNING user_id, expires_at`;
      return r && r.expires_at > now ? r.user_id : null;
    },
  };
}

// Users, sessions and API keys in MongoDB (the sqlite twin is sqlite/auth.ts). Expired
// sessions are also removed by a TTL index on `expiresAtDate`.
import { type Connection, type Model, Schema } from 'mongoose';
import type { ApiKeyRow, AuthStore, SessionRow, UserRow } from '../store.ts';

type UserDoc = Omit<UserRow, 'id'> & { _id: string };
type SessionDoc = Omit<SessionRow, 'tokenHash'> & { _id: string; expiresAtDate: Date };
type KeyDoc = Omit<ApiKeyRow, 'id'> & { _id: string };

const userSchema = new Schema<UserDoc>(
  {
    _id: String,
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true },
    createdAt: { type: Number, required: true },
  },
  { collection: 'users', versionKey: false },
);

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    userId: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Number, required: true },
    expiresAt: { type: Number, required: true },
    expiresAtDate: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ expiresAtDate: 1 }, { expireAfterSeconds: 0 });

const keySchema = new Schema<KeyDoc>(
  {
    _id: String,
    name: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, required: true },
    prefix: { type: String, required: true },
    keyHash: { type: String, required: true, unique: true },
    createdAt: { type: Number, required: true },
    lastUsedAt: { type: Number, default: null },
    revokedAt: { type: Number, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
keySchema.index({ userId: 1, createdAt: 1 });

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

const toUser = (d: UserDoc): UserRow => ({
  id: d._id,
  email: d.email,
  passwordHash: d.passwordHash,
  role: d.role,
  createdAt: d.createdAt,
});
const toSession = (d: SessionDoc): SessionRow => ({
  tokenHash: d._id,
  userId: d.userId,
  csrfToken: d.csrfToken,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
});
const toKey = (d: KeyDoc): ApiKeyRow => ({
  id: d._id,
  name: d.name,
  userId: d.userId,
  role: d.role,
  prefix: d.prefix,
  keyHash: d.keyHash,
  createdAt: d.createdAt,
  lastUsedAt: d.lastUsedAt ?? null,
  revokedAt: d.revokedAt ?? null,
});

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export function mongoAuth(conn: Connection): AuthStore {
  const User = model(conn, 'User', userSchema);
  const Session = model(conn, 'Session', sessionSchema);
  const Key = model(conn, 'ApiKey', keySchema);
  return {
    async createUser(u) {
      try {
        await User.create({
          _id: u.id,
          email: u.email,
          passwordHash: u.passwordHash,
          role: u.role,
          createdAt: u.createdAt,
        });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async getUser(id) {
      const d = await User.findById(id).lean<UserDoc>();
      return d ? toUser(d) : null;
    },
    async getUserByEmail(email) {
      const d = await User.findOne({ email }).lean<UserDoc>();
      return d ? toUser(d) : null;
    },
    async listUsers() {
      return (await User.find().sort({ createdAt: 1, _id: 1 }).lean<UserDoc[]>()).map(toUser);
    },
    async countUsers() {
      return User.countDocuments();
    },
    async createSession(s) {
      await Session.create({
        _id: s.tokenHash,
        userId: s.userId,
        csrfToken: s.csrfToken,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        expiresAtDate: new Date(s.expiresAt),
      });
    },
    async getSession(tokenHash) {
      const d = await Session.findById(tokenHash).lean<SessionDoc>();
      return d ? toSession(d) : null;
    },
    async deleteSession(tokenHash) {
      await Session.deleteOne({ _id: tokenHash });
    },
    async deleteExpiredSessions(now) {
      return (await Session.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    },
    async createApiKey(k) {
      const { id, ...rest } = k;
      await Key.create({ _id: id, ...rest });
    },
    async getApiKeyByHash(keyHash) {
      const d = await Key.findOne({ keyHash }).lean<KeyDoc>();
      return d ? toKey(d) : null;
    },
    async listApiKeys(userId) {
      const docs = await Key.find(userId ? { userId } : {})
        .sort({ createdAt: 1, _id: 1 })
        .lean<KeyDoc[]>();
      return docs.map(toKey);
    },
    async revokeApiKey(id, now) {
      return (await Key.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: now } })).modifiedCount > 0;
    },
    async touchApiKey(id, now) {
      await Key.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
    },
  };
}

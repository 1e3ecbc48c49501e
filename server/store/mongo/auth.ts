// Users, sessions and API keys in MongoDB (the sqlite twin is sqlite/auth.ts). Expired
// sessions are also removed by a TTL index on `expiresAtDate`.
import { type ClientSession, type Connection, type Model, Schema } from 'mongoose';
import type { ApiKeyRow, PasswordResetRow, SessionRow, UserChange, UserRow } from '../store.ts';
import type { AuthStore } from '../store-areas.ts';

type UserDoc = Omit<UserRow, 'id'> & { _id: string };
type SessionDoc = Omit<SessionRow, 'tokenHash'> & { _id: string; expiresAtDate: Date };
type KeyDoc = Omit<ApiKeyRow, 'id'> & { _id: string };
type ResetDoc = Omit<PasswordResetRow, 'tokenHash'> & { _id: string };
type GuardDoc = { _id: string; changes: number };

const userSchema = new Schema<UserDoc>(
  {
    _id: String,
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true },
    createdAt: { type: Number, required: true },
    disabledAt: { type: Number, default: null },
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
    adminKeyHash: { type: String, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
keySchema.index({ userId: 1, createdAt: 1 });
sessionSchema.index({ userId: 1 });

const resetSchema = new Schema<ResetDoc>(
  {
    _id: String,
    userId: { type: String, required: true, index: true },
    createdAt: { type: Number, required: true },
    expiresAt: { type: Number, required: true },
  },
  { collection: 'password_resets', versionKey: false },
);

// Every change to an owner's standing writes this one document inside its transaction, so two
// concurrent demotions of the last two owners conflict instead of both passing the check.
const guardSchema = new Schema<GuardDoc>(
  { _id: String, changes: { type: Number, default: 0 } },
  { collection: 'auth_guards', versionKey: false },
);

function model<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

const toUser = (d: UserDoc): UserRow => ({
  id: d._id,
  email: d.email,
  passwordHash: d.passwordHash,
  role: d.role,
  createdAt: d.createdAt,
  disabledAt: d.disabledAt ?? null,
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
  adminKeyHash: d.adminKeyHash ?? null,
});

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export function mongoAuth(conn: Connection): AuthStore {
  const User = model(conn, 'User', userSchema);
  const Session = model(conn, 'Session', sessionSchema);
  const Key = model(conn, 'ApiKey', keySchema);
  const Reset = model(conn, 'PasswordReset', resetSchema);
  const Guard = model(conn, 'AuthGuard', guardSchema);
  /** Loads the user and says whether removing their owner standing would leave no enabled owner. */
  const ownerCheck = async (id: string, session: ClientSession) => {
    await Guard.updateOne({ _id: 'owners' }, { $inc: { changes: 1 } }, { upsert: true, session });
    const d = await User.findById(id).session(session).lean<UserDoc>();
    const others = await User.countDocuments({ role: 'owner', disabledAt: null, _id: { $ne: id } }).session(session);
    return { doc: d, alone: others === 0 };
  };
  return {
    async createUser(u) {
      try {
        await User.create({
          _id: u.id,
          email: u.email,
          passwordHash: u.passwordHash,
          role: u.role,
          createdAt: u.createdAt,
          disabledAt: u.disabledAt,
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
    async updateUser(id, patch) {
      return conn.transaction(async (session): Promise<UserChange> => {
        const { doc, alone } = await ownerCheck(id, session);
        if (!doc) return { ok: false, reason: 'not_found' };
        const next = { ...toUser(doc), ...patch };
        const wasOwner = doc.role === 'owner' && (doc.disabledAt ?? null) === null;
        const staysOwner = next.role === 'owner' && next.disabledAt === null;
        if (wasOwner && !staysOwner && alone) return { ok: false, reason: 'last_owner' };
        await User.updateOne(
          { _id: id },
          { $set: { role: next.role, disabledAt: next.disabledAt, passwordHash: next.passwordHash } },
          { session },
        );
        return { ok: true, user: next };
      });
    },
    async deleteUser(id, now) {
      return conn.transaction(async (session): Promise<UserChange> => {
        const { doc, alone } = await ownerCheck(id, session);
        if (!doc) return { ok: false, reason: 'not_found' };
        if (doc.role === 'owner' && (doc.disabledAt ?? null) === null && alone) {
          return { ok: false, reason: 'last_owner' };
        }
        await User.deleteOne({ _id: id }, { session });
        await Session.deleteMany({ userId: id }, { session });
        await Reset.deleteMany({ userId: id }, { session });
        await Key.updateMany({ userId: id, revokedAt: null }, { $set: { revokedAt: now } }, { session });
        return { ok: true, user: toUser(doc) };
      });
    },
    async listSessions(now, userId) {
      const docs = await Session.find({ ...(userId ? { userId } : {}), expiresAt: { $gt: now } })
        .sort({ createdAt: 1, _id: 1 })
        .lean<SessionDoc[]>();
      return docs.map(toSession);
    },
    async deleteUserSessions(userId) {
      return (await Session.deleteMany({ userId })).deletedCount;
    },
    async revokeUserApiKeys(userId, now) {
      return (await Key.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: now } })).modifiedCount;
    },
    async createPasswordReset(r) {
      await conn.transaction(async (session) => {
        await Reset.deleteMany({ userId: r.userId }, { session });
        await Reset.create([{ _id: r.tokenHash, userId: r.userId, createdAt: r.createdAt, expiresAt: r.expiresAt }], {
          session,
        });
      });
    },
    async consumePasswordReset(tokenHash, now) {
      // findOneAndDelete: exactly one caller gets the document, however many race for it.
      const d = await Reset.findOneAndDelete({ _id: tokenHash }).lean<ResetDoc>();
      return d && d.expiresAt > now ? d.userId : null;
    },
  };
}

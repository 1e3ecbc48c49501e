// Credentials in MongoDB. Values arrive sealed by the vault; this file never sees plaintext.
import mongoose from 'mongoose';
import type { CredentialRow, Store } from '../store.ts';

type Doc = { _id: string; type: string; sealed: string; createdAt: number; updatedAt: number };

const credentialSchema = new mongoose.Schema<Doc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    sealed: { type: String, required: true },
    createdAt: { type: Number, required: true },
    updatedAt: { type: Number, required: true },
  },
  { versionKey: false, collection: 'credentials' },
);

const toRow = (d: Doc): CredentialRow => ({
  name: d._id,
  type: d.type,
  sealed: d.sealed,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export function mongoCredentials(
  conn: mongoose.Connection,
): Pick<Store, 'listCredentials' | 'getCredential' | 'putCredential' | 'deleteCredential'> {
  const Credential = conn.models.Credential ?? conn.model<Doc>('Credential', credentialSchema);
  return {
    async listCredentials() {
      return ((await Credential.find().sort({ _id: 1 }).lean()) as Doc[]).map(toRow);
    },
    async getCredential(name) {
      const d = (await Credential.findById(name).lean()) as Doc | null;
      return d ? toRow(d) : null;
    },
    async putCredential(c, now = Date.now()) {
      const before = await Credential.findOneAndUpdate(
        { _id: c.name },
        { $set: { type: c.type, sealed: c.sealed, updatedAt: now }, $setOnInsert: { createdAt: now } },
        { upsert: true, returnDocument: 'before' },
      ).lean();
      return { created: before === null };
    },
    async deleteCredential(name) {
      return (await Credential.deleteOne({ _id: name })).deletedCount > 0;
    },
  };
}

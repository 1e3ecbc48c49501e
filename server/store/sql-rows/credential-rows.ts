// Credentials as rows (values sealed by the vault), shared by the SQL adapters.
import type { CredentialRow } from '../store.ts';

export type CredentialDb = { name: string; type: string; sealed: string; created_at: number; updated_at: number };

export const toCredential = (r: CredentialDb): CredentialRow => ({
  name: r.name,
  type: r.type,
  sealed: r.sealed,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// The credentials vault: typed values, validated against their type's schema, sealed with
// AES-256-GCM before they reach the store. Plaintext exists only in memory, only for the
// step (or trigger check) that needs it; the API never returns it.

import { toProblems } from '../lib/ajv.ts';
import { invalid, UserError } from '../lib/errors.ts';
import type { Store } from '../store/store.ts';
import { decrypt, encrypt } from './cipher.ts';
import { CREDENTIAL_TYPES, credentialType, credentialValidator, withDefaults } from './credential-types.ts';

export type CredentialSummary = { name: string; type: string; createdAt: number; updatedAt: number };
export type CredentialData = { type: string; data: Record<string, unknown> };

export type Vault = {
  list(): Promise<CredentialSummary[]>;
  /** Validates and seals; a bad value throws a 400 UserError and stores nothing. */
  put(name: string, type: string, data: unknown): Promise<{ created: boolean; credential: CredentialSummary }>;
  /** The decrypted value, schema defaults filled in; null when there is no such credential. */
  get(name: string): Promise<CredentialData | null>;
  /** The stored value as it was put, without schema defaults (for edits that keep fields). */
  raw(name: string): Promise<CredentialData | null>;
  delete(name: string): Promise<boolean>;
  /** Decrypts every stored credential: proves the key is the one they were sealed with. */
  verify(): Promise<void>;
};

export class VaultKeyError extends Error {
  constructor(names: string[]) {
    super(
      `ENCRYPTION_KEY cannot decrypt the stored credentials (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}). Start with the key they were saved with.`,
    );
    this.name = 'VaultKeyError';
  }
}

export const CREDENTIAL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

export function createVault(store: Store, key: Buffer): Vault {
  const summary = (r: { name: string; type: string; createdAt: number; updatedAt: number }): CredentialSummary => ({
    name: r.name,
    type: r.type,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
  return {
    async list() {
      return (await store.listCredentials()).map(summary);
    },
    async put(name, type, data) {
      const problems: { pointer: string; message: string }[] = [];
      if (!CREDENTIAL_NAME_PATTERN.test(name)) {
        problems.push({ pointer: '/name', message: 'must be 1-80 letters, digits, ".", "_" or "-"' });
      }
      const def = credentialType(type);
      if (!def) {
        problems.push({
          pointer: '/type',
          message: `must be one of ${CREDENTIAL_TYPES.map((t) => t.type).join(', ')}`,
        });
      } else if (!data || typeof data !== 'object' || Array.isArray(data)) {
        problems.push({ pointer: '/data', message: 'must be an object' });
      } else {
        const validate = credentialValidator(def.type);
        if (!validate(data)) problems.push(...toProblems(validate.errors, '/data'));
      }
      if (problems.length > 0) throw invalid('invalid credential', problems);
      const existing = await store.getCredential(name);
      if (existing && existing.type !== type) {
        throw new UserError(
          409,
          'type_mismatch',
          `credential "${name}" is a ${existing.type}; delete it to change its type`,
        );
      }
      const { created } = await store.putCredential({ name, type, sealed: encrypt(key, name, JSON.stringify(data)) });
      const row = await store.getCredential(name);
      return { created, credential: summary(row!) };
    },
    async get(name) {
      const row = await store.getCredential(name);
      if (!row) return null;
      const data = JSON.parse(decrypt(key, row.name, row.sealed)) as Record<string, unknown>;
      return { type: row.type, data: withDefaults(row.type, data) };
    },
    async raw(name) {
      const row = await store.getCredential(name);
      if (!row) return null;
      return { type: row.type, data: JSON.parse(decrypt(key, row.name, row.sealed)) };
    },
    async delete(name) {
      return store.deleteCredential(name);
    },
    async verify() {
      const bad: string[] = [];
      for (const row of await store.listCredentials()) {
        try {
          decrypt(key, row.name, row.sealed);
        } catch {
          bad.push(row.name);
        }
      }
      if (bad.length > 0) throw new VaultKeyError(bad);
    },
  };
}

/** The secret strings inside a credential value (its `writeOnly` fields), for redaction. */
/** Path segments and query values shorter than this are ids and words (`webhooks`, `2016-06-01`), not tokens. */
const MIN_URL_PART = 16;

/**
 * The token-like parts of a secret URL (a Discord webhook's path token, a Teams `sig`, a
 * password in userinfo): a remote that echoes only its path or query repeats them without
 * the rest of the URL, so the whole URL alone would not be found.
 */
function secretUrlParts(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s; // a stray % is kept as written
    }
  };
  const parts = [decode(url.password), decode(url.username), ...url.pathname.split('/').map(decode)];
  for (const v of url.searchParams.values()) parts.push(v);
  return parts.filter((p) => p.length >= MIN_URL_PART);
}

export function secretValues(value: CredentialData): string[] {
  const props = (credentialType(value.type)?.schema.properties ?? {}) as Record<string, { writeOnly?: boolean }>;
  const out: string[] = [];
  for (const [k, p] of Object.entries(props)) {
    if (!p.writeOnly) continue;
    const v = value.data[k];
    for (const s of Array.isArray(v) ? v : [v]) {
      if (typeof s === 'string' && s.length >= 4) out.push(s, ...secretUrlParts(s));
    }
  }
  // The encoded forms that go on the wire (Authorization: Basic), as the type declares them.
  const encoded = credentialType(value.type)?.encodedSecrets?.(value.data) ?? [];
  for (const s of encoded) if (s.length >= 4) out.push(s);
  return out;
}

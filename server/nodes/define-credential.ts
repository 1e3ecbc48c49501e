// The contract every credential type implements, declared by its integration beside the
// actions that use it. The schema is TypeBox: the JSON Schema the API serves and the vault
// validates with, and the static type of `data`. Secret fields carry `writeOnly: true`: the
// editor renders them as password inputs, and the engine scrubs them from what it records.
import type { Static, TObject } from 'typebox';
import type { AppliedAuth, NodeContext } from './define-node.ts';
import type { GuardedFetch } from './outbound/ssrf-guard.ts';

/** What `POST /api/credentials/:name/test` reports. */
export type CheckResult = { ok: boolean; message: string };
/** A check reaches out only through the SSRF guard, like a step does. */
export type CheckDeps = { fetch: GuardedFetch; resolveHost: (host: string) => Promise<string>; timeoutMs: number };

/** An outbound request the credential authenticates (headers set in place, URL copied). */
export type AuthRequest = { url: URL; headers: Headers; ctx: NodeContext };

export type CredentialDefinition<D = Record<string, unknown>> = {
  type: string;
  title: string;
  description: string;
  schema: Record<string, unknown>;
  /**
   * How `http.request` authenticates with this credential; absent when it cannot (an SMTP
   * server, a signing secret).
   */
  authenticate?: (data: D, req: AuthRequest) => Promise<AppliedAuth>;
  /** Secrets derived from the stored ones that go on the wire (a Basic header's base64), to scrub too. */
  encodedSecrets?: (data: D) => string[];
  /**
   * One harmless call proving the value works ("who am I", an SMTP login), for
   * `POST /api/credentials/:name/test`; absent when the only call would act (post a message).
   */
  check?: (data: D, deps: CheckDeps, signal: AbortSignal) => Promise<CheckResult>;
  /** For `POST /api/credentials/:name/rotate`: the current secret's field and the list of still-accepted ones. */
  rotation?: { current: string; previous: string };
};

// biome-ignore lint/suspicious/noExplicitAny: the catalogue holds credentials of every data shape
export type AnyCredential = CredentialDefinition<any>;

/** Identity with type inference: `data` in the hooks is the schema's static type. */
export function defineCredential<S extends TObject>(
  def: Omit<CredentialDefinition<Static<S>>, 'schema'> & { schema: S },
): CredentialDefinition<Static<S>> {
  return def as unknown as CredentialDefinition<Static<S>>;
}

/** The common case: one header carrying a field of the credential, never cached. */
export function headerAuth(headers: Headers, name: string, value: string, url: URL): AppliedAuth {
  headers.set(name, value);
  return { url: new URL(url), headers, credential: { headers: [name] }, reset: () => false };
}

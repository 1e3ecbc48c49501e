// The contract every node type implements. One file per node type; `registry.ts` lists them.
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import type { Config } from '../config.ts';
import type { RetrySpec } from '../workflow/types.ts';
import type { ConnectionPool } from './outbound/connection-pool.ts';
import type { GuardedFetch } from './outbound/ssrf-guard.ts';

export type JsonSchema = Record<string, unknown>;

export type NodeResult = {
  output: unknown;
  /** Which named outputs fire (`true`/`false` for `if`, a case for `switch`). Undefined: the plain output. */
  branches?: string[];
  /**
   * Park this step until `until` (epoch ms) without holding a worker slot: the engine saves
   * `state`, suspends the execution and calls `execute` again later with `ctx.resume = state`.
   * `wakeable` steps are also re-run when something wakes the execution early (a called
   * workflow finished); `afterSuspend` runs once the execution is parked.
   */
  wait?: { until: number; state?: unknown; wakeable?: boolean; afterSuspend?: () => Promise<void> };
};

export type CredentialValue = {
  type: string;
  data: Record<string, unknown>;
  /** The secret strings in `data`: the engine scrubs them from anything it records. */
  secrets: string[];
  /**
   * Authenticates an outbound HTTP request the way this credential's type declares
   * (define-credential.ts); absent for types that cannot (SMTP, signing secrets).
   */
  authenticate?: (url: URL, headers: Headers, ctx: NodeContext) => Promise<AppliedAuth>;
};

export type AppliedAuth = {
  url: URL;
  headers: Headers;
  /** For the fetch: the headers this credential set, dropped if a redirect leaves the origin. */
  credential: { headers: string[] };
  /** Forget a cached token after a 401; true when there was one (the caller then tries once more). */
  reset: () => boolean;
};

export type ChildExecution = {
  status: 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
  result: unknown;
  error: { message: string; code?: string; stepId?: string } | null;
};

/** Starting and watching executions of other workflows (`workflow.call`). */
export type ExecutionServices = {
  /** Commits a new execution of the workflow's current version; it runs once `enqueue`d. */
  create(workflowId: string, body: unknown, caller: { executionId: string; key: string }): Promise<string>;
  enqueue(executionId: string): Promise<void>;
  get(executionId: string): Promise<ChildExecution | null>;
};

/** What a step can reach outside itself. Swapped for guarded/test versions by the runtime. */
export type NodeServices = {
  config: Config;
  logger: Logger;
  /** Outbound HTTP. Goes through the SSRF guard where one is installed. */
  fetch: GuardedFetch;
  /** Resolves a credential by name from the vault; throws NonRetryableError when missing. */
  credential: (name: string) => Promise<CredentialValue>;
  /**
   * Registers a secret this step derived with a credential (an OAuth2 access token, a
   * session id): the engine scrubs it, and its encoded forms, from everything it records.
   */
  secret: (value: string) => void;
  /** Resolves a host for a non-HTTP client (SMTP) through the SSRF guard; returns the address to connect to. */
  resolveHost: (host: string) => Promise<string>;
  /** Open database and broker clients, one per credential, closed when the process stops. */
  connections: ConnectionPool;
  executions: ExecutionServices;
};

export type NodeContext = {
  execution: { id: string; workflowId: string };
  stepId: string;
  /** 1 on the first try, incremented by the engine's retry policy. */
  attempt: number;
  /** The step record key: the step id, or `loop[3].inner` inside a loop. */
  key: string;
  /** `<executionId>:<key>`, stable across retries and re-runs after a crash. */
  idempotencyKey: string;
  /** The `state` this step saved when it asked to wait, once it is resumed. */
  resume?: unknown;
  /** Outputs of the steps whose edges into this one fired, by step id (`trigger` for the trigger or loop item). */
  inputs: Record<string, unknown>;
  /** Aborted when the step's timeout elapses. */
  signal: AbortSignal;
  /** Name of the credential configured on the step, if any. */
  credentialName?: string;
  services: NodeServices;
};

export type NodeDefinition<P = Record<string, unknown>> = {
  type: string;
  title: string;
  category: 'Core' | 'Flow' | 'HTTP' | 'Messaging' | 'CRM' | 'Developer' | 'Productivity' | 'Data';
  description: string;
  /** JSON Schema of `params`; the editor renders forms from it and validation uses it. */
  params: JsonSchema;
  /** Named outputs besides `error`. `['main']` for a plain step. */
  outputs: string[];
  /** Outputs that depend on params (switch cases). */
  dynamicOutputs?: (params: Record<string, unknown>) => string[];
  /** Params that are always JSONata, written without the `=` prefix (transform's `expression`). */
  expressionParams?: string[];
  /**
   * The schema evaluated params are checked against at run time, where it differs from
   * `params` (a condition judged by truthiness, an expression param replaced by its result).
   */
  evaluatedParams?: JsonSchema;
  /** Retry policy used when the step sets none (outbound webhooks retry by default). */
  defaultRetry?: RetrySpec;
  /** Credential types this node accepts, if it takes one. */
  credentialTypes?: string[];
  /**
   * No effect outside the execution (it only computes from its params and inputs): its
   * checkpoint may ride with the next durable write (a later step's, a suspension or the
   * finish), because running it again after a crash changes nothing outside.
   */
  pure?: true;
  /**
   * `loop`: the engine runs the steps behind the `each` output once per item of the array
   * `execute` returns as `output.items` (see engine/run-loop.ts).
   */
  kind?: 'loop';
  execute: (params: P, ctx: NodeContext) => Promise<NodeResult>;
};

/**
 * What a node file writes: `params` (and `evaluatedParams`) are TypeBox schemas, declared
 * once — they are the JSON Schema the editor and ajv use and, through `Static`, the type
 * `execute` receives, so the two cannot drift apart.
 */
export type NodeDeclaration<S extends TSchema, E extends TSchema> = Omit<
  NodeDefinition<Static<E>>,
  'params' | 'evaluatedParams'
> & { params: S; evaluatedParams?: E };

/** `execute` gets the evaluated params' type: `evaluatedParams` where given, else `params`. */
export function defineNode<S extends TSchema, E extends TSchema = S>(
  def: NodeDeclaration<S, E>,
): NodeDefinition<Static<E>> {
  // TypeBox schemas are plain JSON Schema objects: served and compiled as they are.
  return def as unknown as NodeDefinition<Static<E>>;
}

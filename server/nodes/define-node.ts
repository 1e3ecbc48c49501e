// The contract every node type implements. One file per node type; `registry.ts` lists them.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { RetrySpec } from '../workflow/types.ts';

export type JsonSchema = Record<string, unknown>;

export type NodeResult = {
  output: unknown;
  /** Which named outputs fire (`true`/`false` for `if`, a case for `switch`). Undefined: the plain output. */
  branches?: string[];
};

export type CredentialValue = { type: string; data: Record<string, unknown> };

/** What a step can reach outside itself. Swapped for guarded/test versions by the runtime. */
export type NodeServices = {
  config: Config;
  logger: Logger;
  /** Outbound HTTP. Goes through the SSRF guard where one is installed. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Resolves a credential by name from the vault; throws NonRetryableError when missing. */
  credential: (name: string) => Promise<CredentialValue>;
};

export type NodeContext = {
  execution: { id: string; workflowId: string };
  stepId: string;
  /** 1 on the first try, incremented by the engine's retry policy. */
  attempt: number;
  /** `<executionId>:<stepId>`, stable across retries and re-runs after a crash. */
  idempotencyKey: string;
  /** Aborted when the step's timeout elapses. */
  signal: AbortSignal;
  /** Name of the credential configured on the step, if any. */
  credentialName?: string;
  services: NodeServices;
};

export type NodeDefinition<P = Record<string, unknown>> = {
  type: string;
  title: string;
  category: 'Core' | 'Flow' | 'HTTP' | 'Messaging' | 'CRM';
  description: string;
  /** JSON Schema of `params`; the editor renders forms from it and validation uses it. */
  params: JsonSchema;
  /** Named outputs besides `error`. `['main']` for a plain step. */
  outputs: string[];
  /** Outputs that depend on params (switch cases). */
  dynamicOutputs?: (params: Record<string, unknown>) => string[];
  /** Params that are always JSONata, written without the `=` prefix (transform's `expression`). */
  expressionParams?: string[];
  /** Retry policy used when the step sets none (outbound webhooks retry by default). */
  defaultRetry?: RetrySpec;
  /** Credential types this node accepts, if it takes one. */
  credentialTypes?: string[];
  execute: (params: P, ctx: NodeContext) => Promise<NodeResult>;
};

/** Identity with type inference: keeps each node file declarative. */
export function defineNode<P>(def: NodeDefinition<P>): NodeDefinition<P> {
  return def;
}

// What steps can reach outside themselves, wired to the real vault, the SSRF-guarded
// network and the store/queue (for `workflow.call`).
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { credentialType } from '../credentials/credential-types.ts';
import { secretValues, type Vault } from '../credentials/vault.ts';
import type { NodeServices } from '../nodes/define-node.ts';
import type { ConnectionPool } from '../nodes/outbound/connection-pool.ts';
import type { createGuardedFetch } from '../nodes/outbound/ssrf-guard.ts';
import { NonRetryableError } from '../nodes/step-errors.ts';
import type { Queue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import { createInternalExecution } from './start-execution.ts';

const MAX_CALL_DEPTH = 10;

export function createNodeServices(opts: {
  config: Config;
  logger: Logger;
  store: Store;
  queue: Queue;
  vault: Vault;
  guard: ReturnType<typeof createGuardedFetch>;
  connections: ConnectionPool;
}): NodeServices {
  const { store, queue, vault, guard } = opts;
  return {
    config: opts.config,
    logger: opts.logger,
    fetch: guard.fetch,
    resolveHost: guard.resolve,
    connections: opts.connections,
    // Outside a step (alerts) nothing is recorded; the engine registers per execution.
    secret: () => {},
    async credential(name) {
      const value = await vault.get(name);
      if (!value) throw new NonRetryableError(`credential "${name}" does not exist`, 'credential_missing');
      const declared = credentialType(value.type);
      const authenticate = declared?.authenticate;
      return {
        type: value.type,
        data: value.data,
        secrets: secretValues(value),
        authenticate: authenticate && ((url, headers, ctx) => authenticate(value.data, { url, headers, ctx })),
      };
    },
    executions: {
      async create(workflowId, body, caller) {
        // Workflows calling workflows (or themselves) are bounded, so a cycle cannot fan out forever.
        const parent = await store.getExecution(caller.executionId);
        const depth = (parent?.callDepth ?? 0) + 1;
        if (depth > MAX_CALL_DEPTH) {
          throw new NonRetryableError(
            `workflow.call nested deeper than ${MAX_CALL_DEPTH} levels`,
            'call_depth_exceeded',
          );
        }
        return createInternalExecution(store, { workflowId, method: 'CALL', body, caller: { ...caller, depth } });
      },
      enqueue: (id) => queue.enqueue(id),
      async get(id) {
        const e = await store.getExecution(id);
        return e ? { status: e.status, result: e.result, error: e.error } : null;
      },
    },
  };
}

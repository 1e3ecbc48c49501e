// A NodeContext for unit tests of node types: no I/O; services that a test needs are passed in.
import { loadConfig } from '../../../server/config.ts';
import { createLogger } from '../../../server/lib/logger.ts';
import type { NodeContext, NodeServices } from '../../../server/nodes/define-node.ts';
import { createConnectionPool } from '../../../server/nodes/outbound/connection-pool.ts';

export function nodeContext(over: Partial<NodeContext> = {}, services: Partial<NodeServices> = {}): NodeContext {
  const unavailable = async () => {
    throw new Error('not available in this unit test');
  };
  return {
    execution: { id: 'EXEC1', workflowId: 'wf' },
    stepId: 's',
    key: 's',
    attempt: 1,
    idempotencyKey: 'EXEC1:s',
    signal: new AbortController().signal,
    inputs: {},
    services: {
      config: loadConfig({}),
      logger: createLogger('silent'),
      fetch: unavailable,
      credential: unavailable,
      resolveHost: unavailable,
      connections: createConnectionPool(),
      secret: () => {},
      executions: { create: unavailable, enqueue: unavailable, get: unavailable },
      ...services,
    },
    ...over,
  };
}

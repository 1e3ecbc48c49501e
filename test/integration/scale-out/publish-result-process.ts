// Run as a separate process by redis-result-bus.test.ts: publishes one execution result
// on the Redis ResultBus, as a worker process does when it finishes an execution.
import { createLogger } from '../../../server/lib/logger.ts';
import { createRedisResultBus } from '../../../server/queue/redis-result-bus.ts';

const [url, prefix, executionId] = process.argv.slice(2);
const bus = createRedisResultBus({ url, prefix, logger: createLogger('silent') });
await bus.publish({ executionId, workflowId: 'wf', status: 'succeeded', result: { from: process.pid }, error: null });
await bus.close();

// Redis (or Valkey): SET with a TTL, PUBLISH, XADD.
import { defineIntegration } from '../define-integration.ts';
import { redisCredential } from './credential.ts';
import { redisPublishNode } from './publish.ts';
import { redisSetNode } from './set.ts';
import { redisXaddNode } from './xadd.ts';

export const redisIntegration = defineIntegration({
  name: 'redis',
  credentials: [redisCredential],
  nodes: [redisSetNode, redisPublishNode, redisXaddNode],
});

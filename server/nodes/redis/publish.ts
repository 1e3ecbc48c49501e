import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { REDIS_RETRY, redisClient, run, toRedisString } from './client.ts';

const Params = Type.Object(
  {
    channel: Type.String({ minLength: 1, maxLength: 1024, title: 'Channel', description: 'Pub/sub channel.' }),
    message: Type.Unknown({ title: 'Message', description: 'A string is sent as it is; anything else as JSON.' }),
  },
  { additionalProperties: false, required: ['channel', 'message'] },
);

/** Pub/sub is fire-and-forget: `receivers` says how many subscribers got it (0 is not an error). */
export const redisPublishNode = defineNode({
  type: 'redis.publish',
  title: 'Redis: publish',
  category: 'Messaging',
  description: 'Publish a message on a Redis pub/sub channel.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['redis'],
  defaultRetry: REDIS_RETRY,
  async execute(params, ctx) {
    const client = await redisClient(ctx, 'redis.publish');
    const receivers = await run(ctx, client.publish(params.channel, toRedisString(params.message)));
    return { output: { channel: params.channel, receivers } };
  },
});

import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { REDIS_RETRY, redisClient, run, toRedisString } from './client.ts';

const Params = Type.Object(
  {
    stream: Type.String({ minLength: 1, maxLength: 1024, title: 'Stream', description: 'Stream key.' }),
    fields: Type.Object(
      {},
      {
        minProperties: 1,
        maxProperties: 1000,
        additionalProperties: true,
        title: 'Fields',
        description: 'The entry as {field: value}; values that are not strings are stored as JSON.',
      },
    ),
    maxLen: Type.Optional(
      Type.Integer({
        minimum: 1,
        title: 'Max length',
        description: 'Trim the stream to about this many entries (MAXLEN ~), so it stays bounded.',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Appends an entry. The step's idempotency key goes in as the `hookflow-idempotency-key` field,
 * so a consumer can drop the duplicate a retried step may add (XADD itself has no dedupe).
 */
export const redisXaddNode = defineNode({
  type: 'redis.xadd',
  title: 'Redis: add to stream',
  category: 'Messaging',
  description: 'Append an entry to a Redis stream (XADD), optionally trimming it to a length.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['redis'],
  defaultRetry: REDIS_RETRY,
  async execute(params, ctx) {
    const client = await redisClient(ctx, 'redis.xadd');
    const args: (string | number)[] = [params.stream];
    if (params.maxLen) args.push('MAXLEN', '~', params.maxLen);
    args.push('*');
    for (const [k, v] of Object.entries(params.fields)) args.push(k, toRedisString(v));
    args.push('hookflow-idempotency-key', ctx.idempotencyKey);
    const id = await run(ctx, client.call('XADD', ...args));
    return { output: { stream: params.stream, id } };
  },
});

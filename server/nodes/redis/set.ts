import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { stringEnum } from '../params.ts';
import { REDIS_RETRY, redisClient, run, toRedisString } from './client.ts';

const Params = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 1024, title: 'Key', description: 'e.g. ="order:" & trigger.body.id' }),
    value: Type.Unknown({ title: 'Value', description: 'A string is stored as it is; anything else as JSON.' }),
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 315_360_000,
        title: 'TTL (seconds)',
        description: 'Expire the key after this long; empty: never.',
      }),
    ),
    condition: Type.Optional(
      stringEnum(['always', 'ifMissing', 'ifExists'], {
        default: 'always',
        title: 'Write',
        description: 'ifMissing: only when the key does not exist (NX); ifExists: only when it does (XX).',
      }),
    ),
  },
  { additionalProperties: false, required: ['key', 'value'] },
);

export const redisSetNode = defineNode({
  type: 'redis.set',
  title: 'Redis: set',
  category: 'Data',
  description: 'Set a Redis key, optionally with a TTL or only if it is missing/exists.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['redis'],
  defaultRetry: REDIS_RETRY,
  async execute(params, ctx) {
    const client = await redisClient(ctx, 'redis.set');
    const args: (string | number)[] = [params.key, toRedisString(params.value)];
    if (params.ttlSeconds) args.push('EX', params.ttlSeconds);
    if (params.condition === 'ifMissing') args.push('NX');
    if (params.condition === 'ifExists') args.push('XX');
    const reply = await run(ctx, client.call('SET', ...args));
    return { output: { key: params.key, written: reply === 'OK', ttlSeconds: params.ttlSeconds ?? null } };
  },
});

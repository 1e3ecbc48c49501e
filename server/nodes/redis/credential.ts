// The `redis` credential: a Redis (or Valkey) server. The host goes through the SSRF guard
// like every outbound call.
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';

export const RedisCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 6379, title: 'Port', description: 'Server port.' }),
    ),
    username: Type.Optional(
      Type.String({
        minLength: 1,
        title: 'User name',
        description: 'ACL user (Redis 6+); empty for the default user.',
      }),
    ),
    password: Type.Optional(secret('Password', 'AUTH password, if the server needs one.')),
    db: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, default: 0, title: 'Database', description: 'Database number.' }),
    ),
    tls: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'TLS',
        description: 'Connect with TLS (certificate checked against the host name).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type RedisCredential = Static<typeof RedisCredentialSchema>;

export const redisCredential = defineCredential({
  type: 'redis',
  title: 'Redis',
  description: 'A Redis server for the Redis steps (set, publish, stream add).',
  schema: RedisCredentialSchema,
});

// The `nats` credential: a NATS server and how to log in (user/password or token). The host
// goes through the SSRF guard like every outbound call.
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';

export const NatsCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 4222, title: 'Port', description: 'Client port.' }),
    ),
    user: Type.Optional(
      Type.String({ minLength: 1, title: 'User', description: 'User name, if the server needs one.' }),
    ),
    password: Type.Optional(secret('Password', 'Password for the user.')),
    token: Type.Optional(secret('Token', 'Auth token, instead of a user.')),
    tls: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'TLS',
        description: 'Require TLS (certificate checked against the host name).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type NatsCredential = Static<typeof NatsCredentialSchema>;

export const natsCredential = defineCredential({
  type: 'nats',
  title: 'NATS',
  description: 'A NATS server (with JetStream for acknowledged publishing).',
  schema: NatsCredentialSchema,
});

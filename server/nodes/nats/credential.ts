// The `nats` credential: a NATS server and how to log in (user/password or token). The host
// goes through the SSRF guard like every outbound call.
import Type, { type Static } from 'typebox';

export const NatsCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Server host name or address.' }),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, default: 4222, title: 'Port', description: 'Client port.' }),
    ),
    user: Type.Optional(
      Type.String({ minLength: 1, title: 'User', description: 'User name, if the server needs one.' }),
    ),
    password: Type.Optional(
      Type.String({ minLength: 1, writeOnly: true, title: 'Password', description: 'Password for the user.' }),
    ),
    token: Type.Optional(
      Type.String({ minLength: 1, writeOnly: true, title: 'Token', description: 'Auth token, instead of a user.' }),
    ),
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

export const natsCredential = {
  type: 'nats',
  title: 'NATS',
  description: 'A NATS server (with JetStream for acknowledged publishing).',
  schema: NatsCredentialSchema as unknown as Record<string, unknown>,
} as const;

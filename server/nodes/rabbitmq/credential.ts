// The `rabbitmq` credential: an AMQP 0-9-1 broker, user and virtual host. The host goes
// through the SSRF guard like every outbound call.
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';

export const RabbitmqCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Broker host name or address.' }),
    port: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 65535,
        default: 5672,
        title: 'Port',
        description: '5672, or 5671 with TLS.',
      }),
    ),
    vhost: Type.Optional(Type.String({ default: '/', title: 'Virtual host', description: 'e.g. / or /orders.' })),
    username: Type.String({ minLength: 1, title: 'User name', description: 'Broker user.' }),
    password: secret('Password', 'Broker password.'),
    tls: Type.Optional(
      Type.Boolean({ default: false, title: 'TLS', description: 'amqps: certificate checked against the host name.' }),
    ),
  },
  { additionalProperties: false },
);

export type RabbitmqCredential = Static<typeof RabbitmqCredentialSchema>;

export const rabbitmqCredential = defineCredential({
  type: 'rabbitmq',
  title: 'RabbitMQ',
  description: 'An AMQP 0-9-1 broker (RabbitMQ) for the publish step.',
  schema: RabbitmqCredentialSchema,
});

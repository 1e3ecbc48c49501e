// The `mqtt` credential: an MQTT broker (v5) and how to log in. The host goes through the
// SSRF guard like every outbound call (SSRF_ALLOW lists a private broker).
import { type Static, Type } from 'typebox';
import { secret } from '../credential-fields.ts';
import { defineCredential } from '../define-credential.ts';

export const MqttCredentialSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, title: 'Host', description: 'Broker host name or address.' }),
    port: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 65535,
        default: 1883,
        title: 'Port',
        description: 'Broker port (1883 plain, 8883 TLS).',
      }),
    ),
    username: Type.Optional(
      Type.String({ minLength: 1, title: 'User name', description: 'If the broker needs a login.' }),
    ),
    password: Type.Optional(secret('Password', 'The password of the user.')),
    tls: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'TLS',
        description: 'Connect with TLS (mqtts; certificate checked against the host name).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type MqttCredential = Static<typeof MqttCredentialSchema>;

export const mqttCredential = defineCredential({
  type: 'mqtt',
  title: 'MQTT broker',
  description: 'An MQTT 5 broker (Mosquitto, EMQX, HiveMQ …) for the MQTT steps.',
  schema: MqttCredentialSchema,
});

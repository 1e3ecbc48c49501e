import { Type } from 'typebox';
import { defineNode } from '../define-node.ts';
import { ConnectionFailedError, DB_RETRY, untilAborted } from '../outbound/client-errors.ts';
import { stringMap } from '../params.ts';
import { mqttClient, mqttError } from './client.ts';

/** The MQTT 5 user property every message carries, so a consumer can drop a retried step's repeat. */
export const IDEMPOTENCY_PROPERTY = 'hookflow-idempotency-key';

const Params = Type.Object(
  {
    topic: Type.String({
      minLength: 1,
      maxLength: 65_535,
      // Wildcards are for subscribing; a publish names one topic.
      pattern: '^[^+#\\u0000]+$',
      title: 'Topic',
      description: 'e.g. shop/orders/created (no + or # wildcards).',
    }),
    message: Type.Unknown({ title: 'Message', description: 'A string is sent as it is; anything else as JSON.' }),
    qos: Type.Optional(
      Type.Union([Type.Literal(0), Type.Literal(1)], {
        default: 1,
        title: 'QoS',
        description: '1: the step succeeds once the broker acknowledges (at least once); 0: sent, not acknowledged.',
      }),
    ),
    retain: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'Retain',
        description: 'The broker keeps the message and hands it to every later subscriber of the topic.',
      }),
    ),
    userProperties: Type.Optional(
      stringMap({ title: 'User properties', description: 'MQTT 5 user properties (name → value).' }),
    ),
  },
  { additionalProperties: false, required: ['topic', 'message'] },
);

export const mqttPublishNode = defineNode({
  type: 'mqtt.publish',
  title: 'MQTT: publish',
  category: 'Messaging',
  description: 'Publish a message to an MQTT 5 broker (QoS 0 or 1, retained or not).',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['mqtt'],
  defaultRetry: DB_RETRY,
  async execute(params, ctx) {
    const client = await mqttClient(ctx, 'mqtt.publish');
    const qos = params.qos ?? 1;
    const retain = params.retain ?? false;
    const payload = typeof params.message === 'string' ? params.message : JSON.stringify(params.message ?? null);
    let onClose = () => {};
    // A connection lost before the PUBACK would leave QoS 1 waiting for a reconnect that never comes.
    const closed = new Promise<never>((_, reject) => {
      onClose = () => reject(new ConnectionFailedError('MQTT connection lost', new Error('closed before the ack')));
      client.once('close', onClose);
    });
    try {
      await untilAborted(
        ctx.signal,
        Promise.race([
          client.publishAsync(params.topic, payload, {
            qos,
            retain,
            properties: {
              userProperties: { ...params.userProperties, [IDEMPOTENCY_PROPERTY]: ctx.idempotencyKey },
              ...(typeof params.message === 'string' ? {} : { contentType: 'application/json' }),
            },
          }),
          closed,
        ]),
      );
    } catch (err) {
      throw mqttError(err, 'publish');
    } finally {
      client.off('close', onClose);
      closed.catch(() => undefined);
    }
    return { output: { topic: params.topic, qos, retain, idempotencyKey: ctx.idempotencyKey } };
  },
});

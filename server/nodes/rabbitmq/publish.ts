import type { ChannelModel } from 'amqplib';
import { Type } from 'typebox';
import { defineNode, type NodeContext } from '../define-node.ts';
import { authFailed, ConnectionFailedError, isConnectionError, untilAborted } from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { RabbitmqCredential } from './credential.ts';

const Params = Type.Object(
  {
    exchange: Type.Optional(
      Type.String({
        maxLength: 255,
        default: '',
        title: 'Exchange',
        description: 'Empty: the default exchange (routing key = queue name).',
      }),
    ),
    routingKey: Type.String({ maxLength: 255, title: 'Routing key', description: 'e.g. orders.created' }),
    message: Type.Unknown({
      title: 'Message',
      description: 'A string is sent as it is (text/plain); anything else as JSON.',
    }),
    persistent: Type.Optional(
      Type.Boolean({
        default: true,
        title: 'Persistent',
        description: 'Survives a broker restart (on a durable queue).',
      }),
    ),
    mandatory: Type.Optional(
      Type.Boolean({
        default: false,
        title: 'Must be routed',
        description: 'Fail when no queue is bound for the routing key.',
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { title: 'Headers', description: 'Message headers.' }),
    ),
  },
  { additionalProperties: false, required: ['routingKey', 'message'] },
);

/**
 * Publishes on a confirm channel and waits for the broker's ack: the step succeeds only once
 * the broker has taken responsibility for the message. The step's idempotency key is the
 * message id, so consumers can drop the duplicate a retried step may publish.
 */
export const rabbitmqPublishNode = defineNode({
  type: 'rabbitmq.publish',
  title: 'RabbitMQ: publish',
  category: 'Messaging',
  description: 'Publish a message to a RabbitMQ exchange with a routing key; waits for the publisher confirm.',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['rabbitmq'],
  defaultRetry: { attempts: 3, backoff: 'exponential', delay: '2s', maxDelay: '1m', jitter: true },
  async execute(params, ctx) {
    const connection = await rabbitConnection(ctx);
    const text = typeof params.message === 'string';
    const body = Buffer.from(text ? (params.message as string) : JSON.stringify(params.message ?? null));
    let channel: Awaited<ReturnType<ChannelModel['createConfirmChannel']>> | null = null;
    // A channel error (no such exchange: 404) closes the channel; the publish callback may
    // hear "channel closed" first, so the broker's own reason is kept to report.
    let channelError: unknown = null;
    try {
      channel = await untilAborted(ctx.signal, connection.createConfirmChannel());
      channel.on('error', (err) => {
        channelError = err;
      });
      let returned = false;
      channel.on('return', (msg) => {
        if (msg.properties.messageId === ctx.idempotencyKey) returned = true;
      });
      const ch = channel;
      const confirmed = new Promise<void>((resolve, reject) => {
        ch.publish(
          params.exchange ?? '',
          params.routingKey,
          body,
          {
            persistent: params.persistent ?? true,
            mandatory: params.mandatory ?? false,
            messageId: ctx.idempotencyKey,
            contentType: text ? 'text/plain' : 'application/json',
            headers: params.headers,
            timestamp: Math.floor(Date.now() / 1000),
            appId: 'hookflow',
          },
          (err) => (err ? reject(err) : resolve()),
        );
        ch.once('close', () => reject(channelError ?? new Error('channel closed')));
      });
      await untilAborted(ctx.signal, confirmed);
      if (returned) {
        throw new NonRetryableError(
          `no queue is bound to exchange "${params.exchange ?? ''}" for routing key "${params.routingKey}"`,
          'unroutable',
        );
      }
      return {
        output: {
          exchange: params.exchange ?? '',
          routingKey: params.routingKey,
          messageId: ctx.idempotencyKey,
          confirmed: true,
        },
      };
    } catch (err) {
      throw rabbitError(err instanceof NonRetryableError ? err : (channelError ?? err));
    } finally {
      channel?.close().catch(() => undefined);
    }
  },
});

async function rabbitConnection(ctx: NodeContext): Promise<ChannelModel> {
  if (!ctx.credentialName)
    throw new NonRetryableError('rabbitmq.publish needs a rabbitmq credential', 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'rabbitmq') {
    throw new NonRetryableError(
      `rabbitmq.publish needs a rabbitmq credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as RabbitmqCredential;
  return ctx.services.connections.acquire({ kind: 'rabbitmq', credential: ctx.credentialName, data }, async (lost) => {
    const address = await ctx.services.resolveHost(data.host);
    // Imported on first use, not at start-up: the driver costs memory no idle server should carry.
    const { default: amqp } = await import('amqplib');
    let connection: ChannelModel;
    try {
      connection = await amqp.connect(
        {
          protocol: data.tls ? 'amqps' : 'amqp',
          hostname: address,
          port: data.port ?? (data.tls ? 5671 : 5672),
          username: data.username,
          password: data.password,
          vhost: data.vhost ?? '/',
          heartbeat: 30,
        },
        { servername: data.host, timeout: 10_000, clientProperties: { connection_name: 'hookflow' } },
      );
    } catch (err) {
      throw rabbitError(err);
    }
    connection.on('error', () => undefined); // followed by close
    connection.once('close', lost);
    return { client: connection, close: () => connection.close().catch(() => undefined) };
  });
}

// Channel and connection errors worth retrying: the broker is low on resources, the
// connection was forced closed (restart, failover), an internal error.
const RETRYABLE_REPLY = new Set([311, 320, 405, 505, 506, 541]);

function rabbitError(err: unknown): Error {
  if (err instanceof NonRetryableError) return err;
  const e = err as { code?: unknown; message?: string };
  const message = e?.message ?? String(err);
  if (/ACCESS[-_]REFUSED|\b403\b|auth/i.test(message) && /handshake|login|auth|ACCESS/i.test(message)) {
    return authFailed('RabbitMQ', err);
  }
  if (isConnectionError(err)) return new ConnectionFailedError('RabbitMQ connection failed', err);
  if (typeof e?.code === 'number') {
    if (RETRYABLE_REPLY.has(e.code))
      return Object.assign(new Error(`RabbitMQ: ${message}`), { code: `amqp_${e.code}` });
    return new NonRetryableError(`RabbitMQ: ${message}`, `amqp_${e.code}`);
  }
  if (/socket closed|connection closed|channel closed|handshake terminated/i.test(message)) {
    return new ConnectionFailedError('RabbitMQ connection failed', err);
  }
  return err instanceof Error ? err : new Error(message);
}

import type { NatsConnection } from '@nats-io/transport-node';

// Imported on first use, not at start-up: the driver costs memory no idle server should carry.
const natsLibrary = async () => {
  const [transport, js] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
  return { connect: transport.connect, natsHeaders: transport.headers, jetstream: js.jetstream };
};

import { Type } from 'typebox';
import { defineNode, type NodeContext } from '../define-node.ts';
import { authFailed, ConnectionFailedError, isConnectionError, untilAborted } from '../outbound/client-errors.ts';
import { NonRetryableError } from '../step-errors.ts';
import type { NatsCredential } from './credential.ts';

const Params = Type.Object(
  {
    subject: Type.String({
      minLength: 1,
      maxLength: 1024,
      pattern: '^[^\\s]+$',
      title: 'Subject',
      description: 'e.g. orders.created',
    }),
    message: Type.Unknown({ title: 'Message', description: 'A string is sent as it is; anything else as JSON.' }),
    jetstream: Type.Optional(
      Type.Boolean({
        default: true,
        title: 'JetStream',
        description: 'Wait for the stream to store the message (ack); off: plain NATS publish, flushed to the server.',
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { title: 'Headers', description: 'Message headers.' }),
    ),
  },
  { additionalProperties: false, required: ['subject', 'message'] },
);

/**
 * With JetStream the step succeeds once a stream has stored the message, and the step's
 * idempotency key is its `Nats-Msg-Id`: a retried step's second publish is dropped by the
 * stream's duplicate window (the ack then says `duplicate: true`).
 */
export const natsPublishNode = defineNode({
  type: 'nats.publish',
  title: 'NATS: publish',
  category: 'Messaging',
  description:
    'Publish a message on a NATS subject; with JetStream, waits for the stream ack (deduplicated by message id).',
  params: Params,
  outputs: ['main'],
  credentialTypes: ['nats'],
  defaultRetry: { attempts: 3, backoff: 'exponential', delay: '2s', maxDelay: '1m', jitter: true },
  async execute(params, ctx) {
    const nc = await natsConnection(ctx);
    const { natsHeaders, jetstream } = await natsLibrary();
    const data = typeof params.message === 'string' ? params.message : JSON.stringify(params.message ?? null);
    const h = natsHeaders();
    for (const [k, v] of Object.entries(params.headers ?? {})) h.set(k, v);
    try {
      if (params.jetstream ?? true) {
        const ack = await untilAborted(
          ctx.signal,
          jetstream(nc).publish(params.subject, data, { msgID: ctx.idempotencyKey, headers: h, timeout: 10_000 }),
        );
        return {
          output: {
            subject: params.subject,
            stream: ack.stream,
            seq: ack.seq,
            duplicate: ack.duplicate,
            messageId: ctx.idempotencyKey,
          },
        };
      }
      h.set('Nats-Msg-Id', ctx.idempotencyKey);
      nc.publish(params.subject, data, { headers: h });
      await untilAborted(ctx.signal, nc.flush());
      return { output: { subject: params.subject, messageId: ctx.idempotencyKey } };
    } catch (err) {
      throw natsError(err);
    }
  },
});

async function natsConnection(ctx: NodeContext): Promise<NatsConnection> {
  if (!ctx.credentialName) throw new NonRetryableError('nats.publish needs a nats credential', 'credential_required');
  const cred = await ctx.services.credential(ctx.credentialName);
  if (cred.type !== 'nats') {
    throw new NonRetryableError(
      `nats.publish needs a nats credential, "${ctx.credentialName}" is ${cred.type}`,
      'credential_type',
    );
  }
  const data = cred.data as NatsCredential;
  return ctx.services.connections.acquire({ kind: 'nats', credential: ctx.credentialName, data }, async (lost) => {
    const address = await ctx.services.resolveHost(data.host);
    const { connect } = await natsLibrary();
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: `${address.includes(':') ? `[${address}]` : address}:${data.port ?? 4222}`,
        user: data.user,
        pass: data.password,
        token: data.token,
        tls: data.tls ? {} : undefined,
        name: 'hookflow',
        // The engine retries the step with its own backoff; a client reconnecting on its own
        // would hold the step until the step timeout instead.
        reconnect: false,
        timeout: 10_000,
      });
    } catch (err) {
      throw natsError(err);
    }
    nc.closed().then(lost, lost);
    return { client: nc, close: () => nc.drain().catch(() => nc.close()) };
  });
}

function natsError(err: unknown): Error {
  if (err instanceof NonRetryableError) return err;
  const e = err as { name?: string; message?: string; code?: unknown };
  const message = e?.message ?? String(err);
  if (
    /authori[sz]ation|authentication|auth(entication)? (violation|expired|revoked)|permissions? violation/i.test(
      message,
    )
  ) {
    return /permission/i.test(message)
      ? new NonRetryableError(`NATS: ${message}`, 'nats_permission')
      : authFailed('NATS', err);
  }
  if (e?.name === 'JetStreamNotEnabled' || /no responders/i.test(message)) {
    return new NonRetryableError(`NATS: no JetStream stream stores subject (${message})`, 'nats_no_stream');
  }
  if (isConnectionError(err) || /connection|closed|timeout|disconnect/i.test(message)) {
    return new ConnectionFailedError('NATS connection failed', err);
  }
  return err instanceof Error ? err : new Error(message);
}

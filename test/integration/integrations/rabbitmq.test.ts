// rabbitmq.publish against the machine's real RabbitMQ (127.0.0.1:5672, guest/guest), on an
// exchange and queue named for this run and deleted afterwards. A missing broker fails the
// test, never skips it.
import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const HOST = process.env.TEST_AMQP_HOST ?? '127.0.0.1';
const PORT = Number(process.env.TEST_AMQP_PORT ?? 5672);
const USER = process.env.TEST_AMQP_USER ?? 'guest';
const PASSWORD = process.env.TEST_AMQP_PASSWORD ?? 'guest';
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };

describe('rabbitmq.publish against a real RabbitMQ', () => {
  const run = randomBytes(4).toString('hex');
  const exchange = `hft.${run}`;
  const queue = `hft.${run}.orders`;
  let admin: amqp.ChannelModel;
  let ch: amqp.Channel;
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  beforeAll(async () => {
    try {
      admin = await amqp.connect({ hostname: HOST, port: PORT, username: USER, password: PASSWORD });
    } catch (err) {
      throw new Error(
        `RabbitMQ is required by this test and did not answer at ${HOST}:${PORT}: ${(err as Error).message}`,
      );
    }
    ch = await admin.createChannel();
    await ch.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    await ch.assertQueue(queue, { durable: true });
    await ch.bindQueue(queue, exchange, 'orders.*');
    proxy = await startFlakyProxy({ host: HOST, port: PORT }, 1);
    hf = await startHookflow();
    const base = { host: HOST, port: PORT, username: USER };
    await putCredential(hf, 'mq', 'rabbitmq', { ...base, password: PASSWORD });
    await putCredential(hf, 'mq-wrong', 'rabbitmq', { ...base, password: 'wrong-password-91c2' });
    await putCredential(hf, 'mq-flaky', 'rabbitmq', { ...base, port: proxy.port, password: PASSWORD });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    if (ch) {
      await ch.deleteQueue(queue);
      await ch.deleteExchange(exchange);
    }
    await admin?.close();
  });

  const one = (id: string, credential: string, params: Record<string, unknown>) => ({
    id,
    steps: [{ id: 'pub', type: 'rabbitmq.publish', credential, retry: RETRY, params: { exchange, ...params } }],
    edges: [{ from: 'trigger', to: 'pub' }],
  });

  it('publishes a persistent JSON message, confirmed, with the idempotency key as message id', async () => {
    const exec = await runWorkflow(
      hf,
      one('mq-happy', 'mq', {
        routingKey: 'orders.created',
        message: '=trigger.body',
        headers: { source: 'shop' },
        mandatory: true,
      }),
      { id: 'Q-1', total: 3 },
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub').output).toEqual({
      exchange,
      routingKey: 'orders.created',
      messageId: `${exec.id}:pub`,
      confirmed: true,
    });
    const msg = await ch.get(queue, { noAck: true });
    expect(msg).not.toBe(false);
    if (!msg) return;
    expect(JSON.parse(msg.content.toString())).toEqual({ id: 'Q-1', total: 3 });
    expect(msg.properties).toMatchObject({
      deliveryMode: 2,
      messageId: `${exec.id}:pub`,
      contentType: 'application/json',
      headers: { source: 'shop' },
    });
    expect(msg.fields.routingKey).toBe('orders.created');
  });

  it('an unroutable mandatory message and a missing exchange fail at once', async () => {
    const unrouted = await runWorkflow(
      hf,
      one('mq-unrouted', 'mq', { routingKey: 'nobody.listens', message: 'x', mandatory: true }),
    );
    expect(step(unrouted, 'pub')).toMatchObject({ attempt: 1, error: { code: 'unroutable' } });
    const missing = await runWorkflow(
      hf,
      one('mq-missing', 'mq', { exchange: `${exchange}.missing`, routingKey: 'a', message: 'x' }),
    );
    expect(step(missing, 'pub')).toMatchObject({ attempt: 1, error: { code: 'amqp_404' } });
  });

  it('a refused login fails at once, without retries, and the password stays out of the record', async () => {
    const exec = await runWorkflow(hf, one('mq-auth', 'mq-wrong', { routingKey: 'orders.x', message: 'x' }));
    expect(exec.status).toBe('failed');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(JSON.stringify(exec)).not.toContain('wrong-password-91c2');
  });

  it('a connection cut while opening is retried, and the retry is confirmed', async () => {
    const exec = await runWorkflow(
      hf,
      one('mq-flaky', 'mq-flaky', { routingKey: 'orders.flaky', message: 'after a cut' }),
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 2, output: { confirmed: true } });
    const msg = await ch.get(queue, { noAck: true });
    expect(msg ? msg.content.toString() : null).toBe('after a cut');
  });
});

// nats.publish against the machine's real NATS with JetStream (127.0.0.1:4222) on a stream
// and subjects named for this run (deleted afterwards), and a nats-server spawned with a
// password for the refused login. A missing server fails the test, never skips it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { freePort } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const HOST = process.env.TEST_NATS_HOST ?? '127.0.0.1';
const PORT = Number(process.env.TEST_NATS_PORT ?? 4222);
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };
const SECRET = `nats-secret-${randomBytes(4).toString('hex')}`;

describe('nats.publish against a real NATS server', () => {
  const run = randomBytes(4).toString('hex');
  const stream = `HFT_${run}`;
  const prefix = `hft.${run}`;
  let nc: NatsConnection;
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  let locked: ReturnType<typeof spawn> | null = null;
  let lockedPort = 0;
  beforeAll(async () => {
    try {
      nc = await connect({ servers: `${HOST}:${PORT}`, timeout: 5000 });
    } catch (err) {
      throw new Error(`NATS is required by this test and did not answer at ${HOST}:${PORT}: ${(err as Error).message}`);
    }
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`], duplicate_window: 60_000_000_000 });
    lockedPort = await freePort();
    locked = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(lockedPort), '--user', 'hft', '--pass', SECRET], {
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      try {
        await (await connect({ servers: `127.0.0.1:${lockedPort}`, user: 'hft', pass: SECRET, timeout: 1000 })).close();
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    proxy = await startFlakyProxy({ host: HOST, port: PORT }, 1);
    hf = await startHookflow();
    await putCredential(hf, 'nats', 'nats', { host: HOST, port: PORT });
    await putCredential(hf, 'nats-wrong', 'nats', {
      host: '127.0.0.1',
      port: lockedPort,
      user: 'hft',
      password: `${SECRET}-x`,
    });
    await putCredential(hf, 'nats-flaky', 'nats', { host: HOST, port: proxy.port });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    locked?.kill('SIGKILL');
    if (nc) {
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
  });

  const one = (id: string, credential: string, params: Record<string, unknown>) => ({
    id,
    steps: [{ id: 'pub', type: 'nats.publish', credential, retry: RETRY, params }],
    edges: [{ from: 'trigger', to: 'pub' }],
  });

  it('publishes to JetStream, waits for the ack, and a second publish with the same message id is a duplicate', async () => {
    const exec = await runWorkflow(
      hf,
      one('nats-happy', 'nats', { subject: `${prefix}.orders`, message: '=trigger.body', headers: { source: 'shop' } }),
      {
        id: 'N-1',
      },
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub').output).toEqual({
      subject: `${prefix}.orders`,
      stream,
      seq: 1,
      duplicate: false,
      messageId: `${exec.id}:pub`,
    });
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage(stream, { seq: 1 });
    expect(stored?.json()).toEqual({ id: 'N-1' });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(`${exec.id}:pub`);
    expect(stored?.header.get('source')).toBe('shop');
    // What a retried step sends again: the stream drops it.
    const { jetstream } = await import('@nats-io/jetstream');
    const again = await jetstream(nc).publish(`${prefix}.orders`, '{"id":"N-1"}', { msgID: `${exec.id}:pub` });
    expect(again.duplicate).toBe(true);
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);
  });

  it('a subject no stream stores fails at once', async () => {
    const exec = await runWorkflow(hf, one('nats-nostream', 'nats', { subject: `hft.nostream.${run}`, message: 'x' }));
    expect(step(exec, 'pub')).toMatchObject({ attempt: 1, error: { code: 'nats_no_stream' } });
  });

  it('a refused login fails at once, without retries, and the password stays out of the record', async () => {
    const exec = await runWorkflow(
      hf,
      one('nats-auth', 'nats-wrong', { subject: 'a.b', message: 'x', jetstream: false }),
    );
    expect(exec.status).toBe('failed');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(JSON.stringify(exec)).not.toContain(SECRET);
  });

  it('a connection cut while opening is retried, and the retry is acknowledged', async () => {
    const exec = await runWorkflow(
      hf,
      one('nats-flaky', 'nats-flaky', { subject: `${prefix}.flaky`, message: 'after a cut' }),
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 2, output: { stream, duplicate: false } });
  });
});

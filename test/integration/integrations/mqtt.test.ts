// mqtt.publish against the machine's real Mosquitto (127.0.0.1:1883) on topics named for
// this run (retained messages cleared afterwards), and a Mosquitto spawned with a password
// file for the refused login. A missing broker fails the test, never skips it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { freePort } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const HOST = process.env.TEST_MQTT_HOST ?? '127.0.0.1';
const PORT = Number(process.env.TEST_MQTT_PORT ?? 1883);
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };
const SECRET = `mqtt-secret-${randomBytes(4).toString('hex')}`;

type Received = { topic: string; payload: string; packet: IPublishPacket };

describe('mqtt.publish against a real Mosquitto', () => {
  const prefix = `hft/${randomBytes(4).toString('hex')}`;
  let watcher: MqttClient;
  const received: Received[] = [];
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  let locked: ReturnType<typeof spawn> | null = null;
  let lockedDir = '';
  beforeAll(async () => {
    try {
      watcher = await mqtt.connectAsync(`mqtt://${HOST}:${PORT}`, { protocolVersion: 5, reconnectPeriod: 0 }, false);
    } catch (err) {
      throw new Error(`Mosquitto is required by this test and did not answer at ${HOST}:${PORT}: ${String(err)}`);
    }
    watcher.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString(), packet }));
    // rap: deliver the retain flag as published, so the test sees what the step asked for.
    await watcher.subscribeAsync(`${prefix}/#`, { qos: 1, rap: true });

    // A broker of our own that refuses anonymous and wrong logins.
    lockedDir = mkdtempSync(join(tmpdir(), 'hft-mosquitto-'));
    const lockedPort = await freePort();
    const passwd = join(lockedDir, 'passwd');
    writeFileSync(passwd, '');
    await new Promise<void>((resolve, reject) => {
      const p = spawn('mosquitto_passwd', ['-b', passwd, 'hft', SECRET], { stdio: 'ignore' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_passwd exited ${code}`))));
      p.on('error', reject);
    });
    const conf = join(lockedDir, 'mosquitto.conf');
    writeFileSync(
      conf,
      `listener ${lockedPort} 127.0.0.1\nallow_anonymous false\npassword_file ${passwd}\npersistence false\n`,
    );
    // Mosquitto started as root drops to its own user, which must be able to read both files.
    chmodSync(lockedDir, 0o755);
    chmodSync(passwd, 0o644);
    locked = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        const c = await mqtt.connectAsync(
          `mqtt://127.0.0.1:${lockedPort}`,
          { protocolVersion: 5, username: 'hft', password: SECRET, reconnectPeriod: 0, connectTimeout: 1000 },
          false,
        );
        await c.endAsync();
        break;
      } catch (err) {
        if (i > 100 || locked.exitCode !== null) throw new Error(`the spawned mosquitto did not start: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    proxy = await startFlakyProxy({ host: HOST, port: PORT }, 1);
    hf = await startHookflow();
    await putCredential(hf, 'mqtt', 'mqtt', { host: HOST, port: PORT });
    await putCredential(hf, 'mqtt-wrong', 'mqtt', {
      host: '127.0.0.1',
      port: lockedPort,
      username: 'hft',
      password: `${SECRET}-x`,
    });
    await putCredential(hf, 'mqtt-flaky', 'mqtt', { host: HOST, port: proxy.port });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    locked?.kill('SIGKILL');
    if (lockedDir) rmSync(lockedDir, { recursive: true, force: true });
    if (watcher) {
      // An empty retained message deletes the retained one.
      await watcher.publishAsync(`${prefix}/status`, '', { retain: true, qos: 1 }).catch(() => undefined);
      await watcher.endAsync();
    }
  });

  const one = (id: string, credential: string, params: Record<string, unknown>) => ({
    id,
    steps: [{ id: 'pub', type: 'mqtt.publish', credential, retry: RETRY, params }],
    edges: [{ from: 'trigger', to: 'pub' }],
  });
  const arrived = async (topic: string) => {
    for (let i = 0; i < 200; i++) {
      const m = received.find((r) => r.topic === topic);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`nothing arrived on ${topic}`);
  };

  it('publishes QoS 1 retained JSON with the idempotency key as a user property; a later subscriber gets it', async () => {
    const topic = `${prefix}/status`;
    const exec = await runWorkflow(
      hf,
      one('mqtt-happy', 'mqtt', {
        topic,
        message: '=trigger.body',
        qos: 1,
        retain: true,
        userProperties: { source: 'shop' },
      }),
      { id: 'M-1' },
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub').output).toEqual({ topic, qos: 1, retain: true, idempotencyKey: `${exec.id}:pub` });
    const m = await arrived(topic);
    expect(JSON.parse(m.payload)).toEqual({ id: 'M-1' });
    expect(m.packet.qos).toBe(1);
    expect(m.packet.retain).toBe(true);
    expect(m.packet.properties?.userProperties).toEqual({
      source: 'shop',
      'hookflow-idempotency-key': `${exec.id}:pub`,
    });
    expect(m.packet.properties?.contentType).toBe('application/json');

    // Retained: a subscriber that comes later still receives it.
    const late = await mqtt.connectAsync(`mqtt://${HOST}:${PORT}`, { protocolVersion: 5, reconnectPeriod: 0 }, false);
    try {
      const got = new Promise<string>((resolve) => late.on('message', (_t, payload) => resolve(payload.toString())));
      await late.subscribeAsync(topic, { qos: 1 });
      expect(JSON.parse(await got)).toEqual({ id: 'M-1' });
    } finally {
      await late.endAsync();
    }
  });

  it('publishes QoS 0 text, not retained', async () => {
    const topic = `${prefix}/plain`;
    const exec = await runWorkflow(hf, one('mqtt-qos0', 'mqtt', { topic, message: 'hello', qos: 0 }));
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    const m = await arrived(topic);
    expect(m.payload).toBe('hello');
    expect(m.packet.retain).toBe(false);
    expect(m.packet.properties?.userProperties?.['hookflow-idempotency-key']).toBe(`${exec.id}:pub`);
  });

  it('a wildcard topic is refused when the workflow is saved, and nothing is stored', async () => {
    const res = await hf.api('/api/workflows', {
      body: {
        name: 'mqtt-wild',
        trigger: { type: 'webhook', methods: ['POST'] },
        ...one('mqtt-wild', 'mqtt', { topic: `${prefix}/#`, message: 'x' }),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBeTypeOf('string');
    expect((await hf.api('/api/workflows/mqtt-wild')).status).toBe(404);
  });

  it('a refused login fails at once, without retries, and the password stays out of the record', async () => {
    const exec = await runWorkflow(hf, one('mqtt-auth', 'mqtt-wrong', { topic: 'a/b', message: 'x' }));
    expect(exec.status).toBe('failed');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(JSON.stringify(exec)).not.toContain(SECRET);
  });

  it('a connection cut while opening is retried, and the retry is acknowledged', async () => {
    const topic = `${prefix}/flaky`;
    const exec = await runWorkflow(hf, one('mqtt-flaky', 'mqtt-flaky', { topic, message: 'after a cut' }));
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 'pub')).toMatchObject({ attempt: 2, output: { topic, qos: 1 } });
    expect((await arrived(topic)).payload).toBe('after a cut');
    expect(proxy.connections).toBeGreaterThanOrEqual(2);
  });
});

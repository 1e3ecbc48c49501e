// redis.set, redis.publish and redis.xadd against a real redis-server spawned for this file
// (with a password), reached directly and through a proxy that cuts the first connection.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlakyProxy, startFlakyProxy } from '../../helpers/flaky-proxy.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from '../nodes/flow-helpers.ts';

const PASSWORD = 'redis-node-secret-3b8d1f';
const RETRY = { attempts: 3, backoff: 'fixed', delay: '200ms' };

describe('Redis steps against a real redis-server', () => {
  let redis: TestRedis;
  let direct: Redis;
  let hf: TestHookflow;
  let proxy: FlakyProxy;
  beforeAll(async () => {
    redis = await startRedis({ ownServer: true });
    direct = new Redis(redis.url);
    await direct.config('SET', 'requirepass', PASSWORD);
    await direct.auth(PASSWORD);
    const port = Number(new URL(redis.url).port);
    proxy = await startFlakyProxy({ host: '127.0.0.1', port }, 1);
    hf = await startHookflow();
    await putCredential(hf, 'rd', 'redis', { host: '127.0.0.1', port, password: PASSWORD, db: 2 });
    await putCredential(hf, 'rd-wrong', 'redis', { host: '127.0.0.1', port, password: `${PASSWORD}-wrong` });
    await putCredential(hf, 'rd-flaky', 'redis', { host: '127.0.0.1', port: proxy.port, password: PASSWORD, db: 2 });
  });
  afterAll(async () => {
    await hf?.close();
    await proxy?.close();
    direct?.disconnect();
    await redis?.stop();
  });

  it('sets with a TTL and NX, publishes to a subscriber and appends to a stream', async () => {
    const sub = new Redis(redis.url, { password: PASSWORD, db: 2 });
    const got: string[] = [];
    await sub.subscribe(`${redis.prefix}:events`);
    sub.on('message', (_c, m) => got.push(m));
    const exec = await runWorkflow(
      hf,
      {
        id: 'redis-happy',
        steps: [
          {
            id: 'set',
            type: 'redis.set',
            credential: 'rd',
            params: { key: `="${redis.prefix}:order:" & trigger.body.id`, value: '=trigger.body', ttlSeconds: 600 },
          },
          {
            id: 'again',
            type: 'redis.set',
            credential: 'rd',
            params: { key: `="${redis.prefix}:order:" & trigger.body.id`, value: 'other', condition: 'ifMissing' },
          },
          {
            id: 'pub',
            type: 'redis.publish',
            credential: 'rd',
            params: { channel: `${redis.prefix}:events`, message: '=trigger.body' },
          },
          {
            id: 'add',
            type: 'redis.xadd',
            credential: 'rd',
            params: { stream: `${redis.prefix}:stream`, fields: { id: '=trigger.body.id', total: 12 }, maxLen: 1000 },
          },
        ],
        edges: [
          { from: 'trigger', to: 'set' },
          { from: 'set', to: 'again' },
          { from: 'again', to: 'pub' },
          { from: 'pub', to: 'add' },
        ],
      },
      { id: 'R-1', total: 12 },
    );
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    const key = `${redis.prefix}:order:R-1`;
    expect(step(exec, 'set').output).toEqual({ key, written: true, ttlSeconds: 600 });
    expect(step(exec, 'again').output.written).toBe(false);
    expect(step(exec, 'pub').output.receivers).toBe(1);
    await direct.select(2);
    expect(JSON.parse((await direct.get(key)) ?? 'null')).toEqual({ id: 'R-1', total: 12 });
    const ttl = await direct.ttl(key);
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got.map((m) => JSON.parse(m))).toEqual([{ id: 'R-1', total: 12 }]);
    const entries = await direct.xrange(`${redis.prefix}:stream`, '-', '+');
    expect(entries).toEqual([
      [step(exec, 'add').output.id, ['id', 'R-1', 'total', '12', 'hookflow-idempotency-key', `${exec.id}:add`]],
    ]);
    sub.disconnect();
    expect(JSON.stringify(exec)).not.toContain(PASSWORD);
  });

  it('a wrong password fails at once, without retries, and stays out of the record', async () => {
    const exec = await runWorkflow(hf, {
      id: 'redis-auth',
      steps: [{ id: 's', type: 'redis.set', credential: 'rd-wrong', retry: RETRY, params: { key: 'k', value: 'v' } }],
      edges: [{ from: 'trigger', to: 's' }],
    });
    expect(exec.status).toBe('failed');
    expect(step(exec, 's')).toMatchObject({ attempt: 1, error: { code: 'auth_failed' } });
    expect(JSON.stringify(exec)).not.toContain(PASSWORD);
  });

  it('a command error (wrong type) fails at once with the Redis error word', async () => {
    await direct.select(2);
    await direct.set(`${redis.prefix}:plain`, 'x');
    const exec = await runWorkflow(hf, {
      id: 'redis-wrongtype',
      steps: [
        {
          id: 'a',
          type: 'redis.xadd',
          credential: 'rd',
          retry: RETRY,
          params: { stream: `${redis.prefix}:plain`, fields: { a: 1 } },
        },
      ],
      edges: [{ from: 'trigger', to: 'a' }],
    });
    expect(step(exec, 'a')).toMatchObject({ attempt: 1, error: { code: 'redis_WRONGTYPE' } });
  });

  it('a connection cut while opening is retried, and the retry succeeds', async () => {
    const exec = await runWorkflow(hf, {
      id: 'redis-flaky',
      steps: [
        {
          id: 's',
          type: 'redis.set',
          credential: 'rd-flaky',
          retry: RETRY,
          params: { key: `${redis.prefix}:flaky`, value: 'ok' },
        },
      ],
      edges: [{ from: 'trigger', to: 's' }],
    });
    expect(exec.status, JSON.stringify(exec.steps)).toBe('succeeded');
    expect(step(exec, 's')).toMatchObject({ attempt: 2, output: { written: true } });
    await direct.select(2);
    expect(await direct.get(`${redis.prefix}:flaky`)).toBe('ok');
  });

  it('a connection lost between steps is replaced: the next step opens a fresh one', async () => {
    const flow = (id: string) => ({
      id,
      steps: [
        {
          id: 's',
          type: 'redis.set',
          credential: 'rd',
          retry: RETRY,
          params: { key: `${redis.prefix}:${id}`, value: 'ok' },
        },
      ],
      edges: [{ from: 'trigger', to: 's' }],
    });
    expect((await runWorkflow(hf, flow('redis-before'))).status).toBe('succeeded');
    await direct.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    const after = await runWorkflow(hf, flow('redis-after'));
    expect(after.status, JSON.stringify(after.steps)).toBe('succeeded');
  });
});

// A Redis outage under a running server (a real process, a real redis-server that is killed):
// triggers keep answering (the rate limiter fails open, the queue's sweep enqueues later),
// and no ioredis client of ours prints "Unhandled error event" while it reconnects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { type HookflowProcess, spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe.runIf(redisAvailable())('Redis outage with a rate-limited trigger', () => {
  let redis: TestRedis;
  let proc: HookflowProcess | null = null;
  const data = tempDir();
  const workflows = tempDir('hookflow-wf-');
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await proc?.kill();
    await redis?.stop();
    data.cleanup();
    workflows.cleanup();
  });

  it('keeps answering triggers and reports no unhandled Redis errors', async () => {
    proc = await spawnHookflow({
      DATA_DIR: data.dir,
      WORKFLOWS_DIR: workflows.dir,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
    });
    const created = await fetch(`${proc.url}/api/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...proc.auth },
      body: JSON.stringify({
        id: 'limited',
        name: 'limited',
        trigger: { type: 'webhook', rateLimit: { requests: 100, per: 'second' } },
        steps: [{ id: 'echo', type: 'transform', params: { expression: '{ "got": trigger.body }' } }],
        edges: [{ from: 'trigger', to: 'echo' }],
      }),
    });
    expect(created.status).toBe(201);
    const { triggerUrl } = (await created.json()) as { triggerUrl: string };
    const hook = triggerUrl.replace(/^https?:\/\/[^/]+/, proc.url);
    const fire = () =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' }).then(
        (r) => r.status,
      );
    expect(await fire()).toBe(202);

    await redis.kill();
    const during: number[] = [];
    // Long enough for several reconnect attempts of every client.
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      during.push(await fire());
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(new Set(during)).toEqual(new Set([202]));
    expect(proc.child.exitCode).toBeNull();
    expect(proc.output()).not.toContain('Unhandled error event');
    expect(proc.output()).toContain('rate limiter unavailable; request let through');

    await redis.start();
    const after = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < after && status !== 202) status = await fire();
    expect(status).toBe(202);
    expect(proc.output()).not.toContain('Unhandled error event');
  }, 40_000);
});

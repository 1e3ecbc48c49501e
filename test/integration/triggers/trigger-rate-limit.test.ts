// Rate limits: per-trigger token bucket through the real server (429 + Retry-After, nothing
// stored), and the Redis bucket shared between limiter instances (a real redis-server).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/lib/logger.ts';
import { createRedisRateLimiter } from '../../../server/triggers/rate-limit-redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('trigger rate limit (in-memory)', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf.close();
  });

  it('allows the burst, then 429 with Retry-After and nothing stored', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('rl', { rateLimit: { requests: 3, per: 'minute' } }));
    for (let i = 0; i < 3; i++) expect((await post(url, '{}')).status).toBe(202);
    const res = await post(url, '{}');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await countExecutions(hf, 'rl')).toBe(3);
  });

  it('refills over time', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('rl-fast', { rateLimit: { requests: 2, per: 'second', burst: 1 } }),
    );
    const first = Date.now();
    expect((await post(url, '{}')).status).toBe(202);
    const denied = await post(url, '{}');
    expect(denied.status).toBe(429);
    expect(denied.headers.get('retry-after')).toBe('1');
    let status = 429;
    while (status === 429 && Date.now() - first < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await post(url, '{}')).status;
    }
    expect(status).toBe(202);
    expect(Date.now() - first).toBeGreaterThanOrEqual(450);
  });

  it('TRIGGER_RATE_LIMIT applies to triggers without their own limit', async () => {
    const limited = await startHookflow({ TRIGGER_RATE_LIMIT: '1' });
    try {
      const { url } = await createWorkflow(limited, workflowDoc('rl-default', {}));
      const statuses = (await Promise.all(Array.from({ length: 5 }, () => post(url, '{}')))).map((r) => r.status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(await countExecutions(limited, 'rl-default')).toBe(statuses.filter((s) => s === 202).length);
    } finally {
      await limited.close();
    }
  });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const REDIS_BIN = '/usr/bin/redis-server';

describe.runIf(process.env.REDIS_URL || existsSync(REDIS_BIN))('trigger rate limit (Redis, shared)', () => {
  let redis: ChildProcess | null = null;
  let url = process.env.REDIS_URL ?? '';
  beforeAll(async () => {
    if (url) return;
    const port = await freePort();
    redis = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => {
    redis?.kill();
  });

  it('two api processes share one bucket per trigger', async () => {
    const prefix = `test-${Date.now()}`;
    const a = createRedisRateLimiter({ url, prefix, logger: createLogger('silent') });
    const b = createRedisRateLimiter({ url, prefix, logger: createLogger('silent') });
    try {
      const bucket = { capacity: 4, refillPerSecond: 4 / 60 };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take('wf-shared', bucket)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(4);
      const denied = results.find((r) => !r.ok) as { ok: false; retryAfterMs: number };
      expect(denied.retryAfterMs).toBeGreaterThan(1000);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(15_000);
      expect((await a.take('wf-other', bucket)).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

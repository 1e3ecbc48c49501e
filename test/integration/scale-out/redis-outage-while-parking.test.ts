// Redis goes away while an execution parks for a retry backoff: the store has the execution
// `waiting` with its due time, only the delayed job could not be written. The recovery sweep
// enqueues it once Redis is back, so this is a handled condition: a warning, never an ERROR
// "execution aborted by an internal error" (which also counts towards quarantine).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';

type Line = { level: number; msg: string; executionId?: string };

describe.skipIf(!redisAvailable())('Redis outage while an execution parks', () => {
  let redis: TestRedis;
  let hf: TestHookflow;
  let remote: http.Server;
  let remoteUrl: string;
  let calls = 0;
  const lines: Line[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    remote = http.createServer(async (req, res) => {
      req.resume();
      calls++;
      if (calls === 1) {
        // The first attempt fails retryably, and Redis dies before the engine parks it.
        await redis.kill();
        res.writeHead(503).end('busy');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => remote.listen(0, '127.0.0.1', r));
    remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}/call`;
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
        done();
      },
    });
    hf = await startHookflow(
      { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, SWEEP_INTERVAL_MS: '300' },
      { logger: pino({ level: 'info' }, sink) },
    );
  });
  afterAll(async () => {
    await hf?.close();
    await new Promise((r) => remote.close(r));
    await redis.stop();
  });

  it('logs a handled warning, and the sweep runs the retry once Redis is back', async () => {
    const created = await hf.api('/api/workflows', {
      body: {
        id: 'park-outage',
        name: 'park-outage',
        trigger: { type: 'webhook', methods: ['POST'] },
        steps: [
          { id: 'call', type: 'http.request', params: { url: remoteUrl }, retry: { attempts: 3, delay: '200ms' } },
        ],
        edges: [{ from: 'trigger', to: 'call' }],
      },
    });
    expect(created.status).toBe(201);
    const res = await fetch(created.body.triggerUrl, { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };

    // Parked in the store although its delayed job could not be written.
    await expect
      .poll(async () => (await hf.api(`/api/executions/${executionId}`)).body.status, { timeout: 10_000 })
      .toBe('waiting');
    await expect
      .poll(
        () => lines.some((l) => l.level === 40 && l.executionId === executionId && /queue unavailable/.test(l.msg)),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    await redis.start();
    const done = await waitForExecution(hf, executionId, 30_000);
    expect(done.status).toBe('succeeded');
    expect(calls).toBe(2);
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors.map((l) => l.msg)).not.toContain('execution aborted by an internal error');
  });
});

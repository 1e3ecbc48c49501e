// Rate limits are spent after verification: unsigned noise (401s) spends a bucket of its
// own, per client address and workflow, and never starves the genuine signed sender. Run
// on the in-process limiter and on the Redis limiter (a real redis-server).
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, memorySecrets, post, workflowDoc } from './trigger-helpers.ts';

const BODY = JSON.stringify({ action: 'opened', number: 7 });
const SECRET = 'gh-secret-for-rate-limits';
const secrets = () => memorySecrets({ gh: { type: 'hmac', data: { secret: SECRET } } });
const signed = async () => ({ 'x-hub-signature-256': await githubSign(SECRET, BODY) });
const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function hmacTrigger(hf: TestHookflow, id: string): Promise<string> {
  const { url } = await createWorkflow(
    hf,
    workflowDoc(id, {
      auth: { type: 'hmac', preset: 'github', credential: 'gh' },
      rateLimit: { requests: 5, per: 'minute' },
    }),
  );
  return url;
}

/** The same scenarios against whichever limiter `start` configures; returns the server. */
function scenarios(start: () => Promise<TestHookflow>): () => TestHookflow {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await start();
  });
  afterAll(async () => {
    await hf?.close();
  });

  it('four unsigned requests and one more, then the signed delivery is accepted', async () => {
    const url = await hmacTrigger(hf, 'rl-noise');
    for (let i = 0; i < 4; i++) expect((await post(url, BODY)).status).toBe(401);
    expect((await post(url, BODY, { 'x-hub-signature-256': 'sha256=00' })).status).toBe(401);
    const genuine = await post(url, BODY, await signed());
    expect(genuine.status, JSON.stringify(genuine.body)).toBe(202);
    expect(await countExecutions(hf, 'rl-noise')).toBe(1);
  });

  it('an unsigned flood is limited per client address; other callers and the signed sender are not', async () => {
    const url = await hmacTrigger(hf, 'rl-flood');
    const noisy = from('203.0.113.9');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(url, BODY, noisy)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await post(url, BODY, noisy);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another address has its own failure bucket; the signed sender has the trigger's.
    expect((await post(url, BODY, from('198.51.100.7'))).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await post(url, BODY, { ...(await signed()), ...noisy })).status).toBe(202);
    // The trigger's own limit still holds for verified requests.
    const over = await post(url, BODY, await signed());
    expect(over.status).toBe(429);
    expect(await countExecutions(hf, 'rl-flood')).toBe(5);
  });

  it('a trigger without verification is limited as before, ahead of its body', async () => {
    const { url } = await createWorkflow(hf, workflowDoc('rl-open', { rateLimit: { requests: 2, per: 'minute' } }));
    expect((await post(url, '{}')).status).toBe(202);
    expect((await post(url, '{}')).status).toBe(202);
    expect((await post(url, '{}')).status).toBe(429);
    expect(await countExecutions(hf, 'rl-open')).toBe(2);
  });
  return () => hf;
}

describe('rate limit after verification (in-process limiter)', () => {
  scenarios(() => startHookflow({ TRUSTED_PROXIES: '127.0.0.1' }, { secrets: secrets() }));
});

describe.runIf(redisAvailable())('rate limit after verification (Redis limiter)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const server = scenarios(() =>
    startHookflow(
      { TRUSTED_PROXIES: '127.0.0.1', REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix },
      { secrets: secrets() },
    ),
  );

  it('keeps its buckets under REDIS_PREFIX', async () => {
    const url = await hmacTrigger(server(), 'rl-prefix');
    expect((await post(url, BODY)).status).toBe(401);
    expect((await post(url, BODY, await signed())).status).toBe(202);
    const client = new Redis(redis.url);
    try {
      const ours = await client.keys(`${redis.prefix}:rl:*`);
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.some((k) => k.includes(':unverified:'))).toBe(true);
      const all = await client.keys('*');
      expect(all.filter((k) => !k.startsWith(`${redis.prefix}:`))).toEqual([]);
    } finally {
      client.disconnect();
    }
  });
});

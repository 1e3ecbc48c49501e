import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseSize } from '../../server/config.ts';

describe('config', () => {
  it('has documented defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: null,
      mongodbUri: null,
      redisUrl: null,
      role: 'all',
      bodyLimitBytes: 1024 * 1024,
      syncTimeoutMs: 30_000,
      expressionTimeoutMs: 1000,
      ssrfAllow: [],
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('runs 64 executions at once embedded and 16 per worker with Redis, unless told otherwise', () => {
    expect(loadConfig({}).workerConcurrency).toBe(64);
    expect(loadConfig({ REDIS_URL: 'redis://localhost:6379' }).workerConcurrency).toBe(16);
    expect(loadConfig({ WORKER_CONCURRENCY: '8' }).workerConcurrency).toBe(8);
  });

  it('chooses PostgreSQL with DATABASE_URL, and refuses DATABASE_URL and MONGODB_URI together', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db:5432/hookflow' }).databaseUrl).toBe('postgres://db:5432/hookflow');
    const both = { DATABASE_URL: 'postgres://db/hookflow', MONGODB_URI: 'mongodb://mongo/hookflow' };
    expect(() => loadConfig(both)).toThrow(ConfigError);
    expect(() => loadConfig(both)).toThrow(/DATABASE_URL and MONGODB_URI are both set/);
  });

  it('parses values', () => {
    const c = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://hooks.example.com/',
      BODY_LIMIT: '512kb',
      SSRF_ALLOW: '10.0.0.0/8, api.internal',
      ROLE: 'worker',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(c.port).toBe(8080);
    expect(c.publicUrl).toBe('https://hooks.example.com');
    expect(c.bodyLimitBytes).toBe(512 * 1024);
    expect(c.ssrfAllow).toEqual(['10.0.0.0/8', 'api.internal']);
    expect(c.role).toBe('worker');
    expect(parseSize('2MB')).toBe(2 * 1024 * 1024);
    expect(parseSize('lots')).toBeNull();
  });

  it.each([
    ['PORT', 'eighty', /PORT: must be a whole number/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['ROLE', 'boss', /ROLE: must be one of all, api, worker/],
    ['ROLE', 'api', /ROLE: "api" needs REDIS_URL/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL: must be a URL/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL: must use http: or https:/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL: must use redis: or rediss:/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI: must use mongodb:/],
    ['DATABASE_URL', 'mysql://db/hookflow', /DATABASE_URL: must use postgres: or postgresql:/],
    ['BODY_LIMIT', 'huge', /BODY_LIMIT: must be a size/],
    ['WORKER_CONCURRENCY', '0', /WORKER_CONCURRENCY: must be between 1/],
    ['ENCRYPTION_KEY', 'short', /ENCRYPTION_KEY: must be 64 hex/],
    ['ADMIN_PASSWORD', 'password', /ADMIN_PASSWORD: must be at least 12/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

// No Docker engine runs here, so the compose file and Dockerfile are checked as documents:
// the services, their environment (which must pass our own config validation), health
// checks, volumes, and that workers can be scaled.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../server/config.ts';
import { NODE_FLAGS } from '../../helpers/node-flags.ts';

const root = path.join(import.meta.dirname, '..', '..', '..');
type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  profiles?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
};
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>;
};
const { services } = compose;

/** Compose interpolation for the forms the file uses: ${VAR:-default} and ${VAR:?message}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (op === '-') return rest ?? '';
    throw new Error(`${name} is required: ${rest}`);
  });
}

const hostEnv = { ENCRYPTION_KEY: 'ab'.repeat(32) };
const envOf = (s: Service, env: Record<string, string> = hostEnv) =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));
/** The URLs the compose file's header documents for each store profile. */
const STORE_ENV = {
  postgres: { ...hostEnv, DATABASE_URL: 'postgres://hookflow:hookflow@postgres:5432/hookflow' },
  mongo: { ...hostEnv, MONGODB_URI: 'mongodb://mongo:27017/hookflow?replicaSet=rs0' },
};

describe('docker-compose.yml', () => {
  it('has postgres in its own profile, with a named volume, a health check and the documented database', () => {
    const pg = services.postgres;
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.image).toMatch(/^postgres:1[5-9](\.|-|$)/);
    const [volume] = (pg.volumes ?? []).filter((v) => v.endsWith(':/var/lib/postgresql/data'));
    expect(compose.volumes).toHaveProperty(volume.split(':')[0]);
    const env = envOf(pg);
    const documented = new URL(STORE_ENV.postgres.DATABASE_URL);
    expect([env.POSTGRES_USER, env.POSTGRES_PASSWORD, env.POSTGRES_DB]).toEqual([
      documented.username,
      documented.password,
      documented.pathname.slice(1),
    ]);
    expect(documented.hostname).toBe('postgres');
    expect(pg.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    // The compose header documents exactly these commands.
    const header = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    expect(header).toContain(`COMPOSE_PROFILES=postgres`);
    expect(header).toContain(`DATABASE_URL=${STORE_ENV.postgres.DATABASE_URL}`);
    expect(header).toContain(`MONGODB_URI='${STORE_ENV.mongo.MONGODB_URI}'`);
  });

  it('has mongo 8 in its own profile with a named volume, run as a replica set (transactions)', () => {
    const mongo = services.mongo;
    expect(mongo.profiles).toEqual(['mongo']);
    expect(mongo.image).toMatch(/^mongo:8(\.|$)/);
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const [volume] = (mongo.volumes ?? []).filter((v) => v.endsWith(':/data/db'));
    expect(volume).toBeDefined();
    expect(compose.volumes).toHaveProperty(volume.split(':')[0]);
  });

  it('has redis 7 with an append-only file, noeviction and a volume', () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:7(\.|-|$)/);
    const cmd = (redis.command ?? []).join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--maxmemory-policy noeviction');
    expect(compose.volumes).toHaveProperty((redis.volumes ?? [''])[0].split(':')[0]);
  });

  it('runs api and worker roles from one image, on PostgreSQL or MongoDB and Redis, with configs Hookflow accepts', () => {
    for (const [name, role] of [
      ['api', 'api'],
      ['worker', 'worker'],
    ] as const) {
      const s = services[name];
      expect(s.image).toBe(services.api.image);
      expect(s.build).toBeDefined();
      const onPostgres = loadConfig(envOf(s, STORE_ENV.postgres));
      expect(onPostgres.role).toBe(role);
      expect([onPostgres.databaseUrl, onPostgres.mongodbUri]).toEqual([STORE_ENV.postgres.DATABASE_URL, null]);
      expect(onPostgres.redisUrl).toBe('redis://redis:6379');
      const onMongo = loadConfig(envOf(s, STORE_ENV.mongo));
      expect(onMongo.mongodbUri).toMatch(/^mongodb:\/\/mongo:27017\//);
      expect(onMongo.databaseUrl).toBeNull();
      // Either store's container may be absent (its profile is off): the other dependency is skipped.
      for (const store of ['postgres', 'mongo']) {
        expect(s.depends_on?.[store]).toEqual({ condition: 'service_healthy', required: false });
      }
      expect(s.depends_on?.redis?.condition).toBe('service_healthy');
    }
    // Every container must decrypt the same credentials: the key is required, not generated.
    expect(() => interpolate(String(services.worker.environment?.ENCRYPTION_KEY), {})).toThrow(
      /ENCRYPTION_KEY is required/,
    );
    expect(services.api.ports?.some((p) => p.endsWith(':3000'))).toBe(true);
  });

  it('lets workers scale with --scale worker=N: no fixed name, no host port', () => {
    expect(services.worker.container_name).toBeUndefined();
    expect(services.worker.ports).toBeUndefined();
    expect(envOf(services.worker).HEARTBEAT_FILE).toBeTruthy();
  });

  it('health-checks every service', () => {
    for (const name of ['postgres', 'mongo', 'redis', 'api', 'worker']) {
      const hc = services[name].healthcheck;
      expect(hc?.test?.[0], name).toBe('CMD');
      expect(hc?.test.length, name).toBeGreaterThan(1);
    }
    expect(services.api.healthcheck?.test.join(' ')).toContain('/readyz');
    expect(services.worker.healthcheck?.test.join(' ')).toContain(envOf(services.worker).HEARTBEAT_FILE);
  });
});

describe('docker-compose.yml tls profile', () => {
  const caddy = services.caddy;
  const addressOn = (s: Service, network: string) =>
    (s.networks as Record<string, { ipv4_address?: string } | null> | undefined)?.[network]?.ipv4_address;

  it('runs Caddy only with --profile tls, terminating TLS on 443 and forwarding to the api', () => {
    expect(caddy.profiles).toEqual(['tls']);
    expect(caddy.image).toMatch(/^caddy:2(\.|-|$)/);
    const cmd = interpolate((caddy.command ?? []).join(' '), hostEnv);
    expect(cmd).toBe('caddy reverse-proxy --from localhost --to api:3000');
    expect(interpolate((caddy.command ?? []).join(' '), { HOOKFLOW_DOMAIN: 'flows.example.com' })).toContain(
      '--from flows.example.com',
    );
    expect(caddy.ports).toEqual(expect.arrayContaining(['443:443', '80:80']));
    // Issued certificates and the ACME account survive a re-created container.
    const data = (caddy.volumes ?? []).find((v) => v.endsWith(':/data'));
    expect(compose.volumes).toHaveProperty(String(data).split(':')[0]);
    expect(caddy.depends_on?.api?.condition).toBe('service_healthy');
    // Only the stores and Caddy are optional; redis, api and workers always run.
    for (const name of ['redis', 'api', 'worker']) expect(services[name].profiles, name).toBeUndefined();
  });

  it('the api believes X-Forwarded-For from Caddy and nobody else, and serves https settings', async () => {
    const { default: ipaddr } = await import('ipaddr.js');
    const caddyIp = addressOn(caddy, 'proxy') as string;
    const apiIp = addressOn(services.api, 'proxy') as string;
    expect(caddyIp).toBeTruthy();
    expect(apiIp).not.toBe(caddyIp);
    const subnet = compose.networks?.proxy?.ipam?.config?.[0]?.subnet as string;
    for (const ip of [caddyIp, apiIp]) expect(ipaddr.parse(ip).match(ipaddr.parseCIDR(subnet)), ip).toBe(true);
    const config = loadConfig(envOf(services.api));
    expect(config.trustedProxies).toEqual([caddyIp]);
    // With the documented https PUBLIC_URL: HSTS on, and still a valid api config.
    const tlsEnv = { ...hostEnv, PUBLIC_URL: 'https://flows.example.com' };
    const env = Object.fromEntries(
      Object.entries(services.api.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), tlsEnv)]),
    );
    expect(loadConfig(env)).toMatchObject({ publicUrl: 'https://flows.example.com', hsts: true });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  it('is multi-stage on Node 24, runs as a non-root user, and starts server/main.ts', () => {
    const froms = dockerfile.match(/^FROM\s+\S+/gm) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/node:24/);
    const users = dockerfile.match(/^USER\s+(\S+)/gm) ?? [];
    expect(users.at(-1)).toMatch(/USER\s+(?!root|0\b)\w+/);
    expect(dockerfile).toMatch(/COPY --from=build/);
    // The editor is built in the build stage; the runtime stage carries no dev dependencies.
    expect(dockerfile).toMatch(/npm run build:ui/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    // With the same V8 flags as `npm start` (package.json config.nodeFlags).
    const flags = NODE_FLAGS.map((f) => `"${f}", `).join('');
    expect(dockerfile).toContain(`CMD ["node", ${flags}"server/main.ts"]`);
  });
});

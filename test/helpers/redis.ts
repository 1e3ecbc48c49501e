// A real Redis for tests: `redis-server` spawned on a free loopback port in a temp dir with
// persistence off, or the server named by REDIS_URL. In CI a missing Redis is a failure,
// never a silent skip; on a laptop without one, Redis tests are skipped with a reason.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { tempDir } from './temp-dir.ts';

export type TestRedis = {
  url: string;
  /** A key prefix unique to this test run, for REDIS_PREFIX: tests sharing a REDIS_URL never collide. */
  prefix: string;
  /** Kills the server (SIGKILL: nothing saved) and starts a fresh, empty one on the same port. */
  restart(): Promise<void>;
  /** Kills the server; `start()` brings it back empty on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

const hasBinary = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Whether Redis tests can run here; throws in CI when they cannot. */
export function redisAvailable(opts: { ownServer?: boolean } = {}): boolean {
  if (hasBinary()) return true;
  if (process.env.REDIS_URL && !opts.ownServer) return true;
  if (process.env.CI) {
    throw new Error('redis-server is not installed and CI is set: Redis tests must run (apt-get install redis-server)');
  }
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private redis-server (or, with `ownServer: false` and REDIS_URL set, uses that
 * server; restart/kill then throw because someone else's server is not ours to kill).
 */
export async function startRedis(opts: { ownServer?: boolean } = {}): Promise<TestRedis> {
  const prefix = `hft-${randomBytes(4).toString('hex')}`;
  if (!hasBinary() && process.env.REDIS_URL && !opts.ownServer) {
    const shared = () => Promise.reject(new Error('cannot restart a shared REDIS_URL server'));
    return { url: process.env.REDIS_URL, prefix, restart: shared, kill: shared, start: shared, stop: async () => {} };
  }
  if (!hasBinary()) throw new Error('redis-server is not installed');
  const port = await freePort();
  const tmp = tempDir('hookflow-redis-');
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    const c = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp.dir],
      { stdio: 'ignore' },
    );
    child = c;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode}`);
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    prefix,
    start,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    stop: async () => {
      await kill();
      tmp.cleanup();
    },
  };
}

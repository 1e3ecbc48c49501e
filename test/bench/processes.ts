// Child processes for the bench: redis-server, the floor server, Hookflow, the sink, and the
// load generator, each in its own process so the figures are not skewed by sharing a loop.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const HERE = import.meta.dirname;
export const ROOT = path.join(HERE, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Calls `fn` with each complete line a stream writes. */
export function onLines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.on('data', (c: Buffer | string) => {
    buf += c;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      fn(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
  });
}

/** Starts a child and resolves with its first stdout line that parses as JSON and passes `ready`. */
export function startChild(
  args: string[],
  env: Record<string, string>,
  ready: (msg: Record<string, unknown>) => boolean,
  cmd = process.execPath,
): Promise<{ child: ChildProcess; msg: Record<string, unknown>; stop: () => Promise<void> }> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (c) => {
      err += c;
    });
    if (child.stdout) {
      onLines(child.stdout, (line) => {
        try {
          const msg = JSON.parse(line);
          if (ready(msg)) resolve({ child, msg, stop });
        } catch {
          // not a JSON line
        }
      });
    }
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err}`)));
  });
}

export async function startRedis(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {}); // refused while redis-server is still starting; retried below
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      break;
    } catch {
      r.disconnect();
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type LoadResult = {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Wall-clock time (ms) at which the load generator began sending. */
  startedAt: number;
};

export async function runLoad(opts: Record<string, unknown>): Promise<LoadResult> {
  const { msg } = await startChild([path.join(HERE, 'load.ts'), JSON.stringify(opts)], {}, (m) => 'rps' in m);
  return msg as unknown as LoadResult;
}

/** Evenly spaced requests at `rate` per second: ack latency without self-inflicted bursts. */
export async function runSteady(opts: {
  url: string;
  rate: number;
  duration: number;
  body: string;
}): Promise<LoadResult> {
  const { msg } = await startChild([path.join(HERE, 'steady-load.ts'), JSON.stringify(opts)], {}, (m) => 'rps' in m);
  return msg as unknown as LoadResult;
}

export function rssMb(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // the process has exited
  }
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0; // the process has exited
  }
  // Fields after the command name (which may hold spaces) start at state; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

// USER_HZ: 100 on every Linux this runs on; asked once from getconf when it is there.
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

// Hookflow scaled out on one machine, as production runs it: one api process and N worker
// processes (`node server/main.ts` with ROLE), sharing a DATA_DIR (the embedded SQLite file)
// and a Redis. Used by the scale-out tests and the bench.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { NODE_FLAGS } from './node-flags.ts';
import { freePort } from './redis.ts';
import { TEST_ADMIN_API_KEY } from './start-hookflow.ts';
import { tempDir } from './temp-dir.ts';

export type ClusterProcess = {
  role: 'api' | 'worker';
  child: ChildProcess;
  /** The last lines the process wrote (stdout + stderr), for failure messages. */
  output: string[];
  exited: Promise<number | null>;
};

export type Cluster = {
  url: string;
  dataDir: string;
  api: ClusterProcess;
  /** Every api process and its base URL (`apis[0]` is `api`, `apiUrls[0]` is `url`). */
  apis: ClusterProcess[];
  apiUrls: string[];
  workers: ClusterProcess[];
  /** Starts one more worker and waits until it reaches its store and queue. */
  addWorker(env?: Record<string, string>): Promise<ClusterProcess>;
  /** SIGKILL: no shutdown handler runs, exactly like a crashed machine. */
  kill(p: ClusterProcess): Promise<void>;
  /** SIGTERM every process and wait for them; removes the temp DATA_DIR it created. */
  stop(): Promise<void>;
  /** Everything the processes printed, for debugging a failed test. */
  logs(): string;
};

export type ClusterOptions = {
  workers: number;
  redisUrl: string;
  /** REDIS_PREFIX: give each cluster its own so clusters can share one Redis. */
  redisPrefix?: string;
  /** Shared by all processes; a temp dir (removed on stop) when omitted. */
  dataDir?: string;
  /** Extra environment for every process (LEASE_MS, SWEEP_INTERVAL_MS, WORKER_CONCURRENCY...). */
  env?: Record<string, string>;
  /** Api processes (default 1). */
  apis?: number;
  /** Each process gets a DATA_DIR of its own under `dataDir` (hosts sharing only a database
   * server and Redis; the store then comes from DATABASE_URL in `env`). */
  dataDirPerProcess?: boolean;
};

const MAIN = path.resolve(import.meta.dirname, '../../server/main.ts');

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const tmp = opts.dataDir ? null : tempDir('hookflow-cluster-');
  const dataDir = opts.dataDir ?? (tmp as { dir: string }).dir;
  const { dir: workflowsDir, cleanup: cleanWorkflows } = tempDir('hookflow-wf-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const all: ClusterProcess[] = [];
  let workerSeq = 0;

  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WORKFLOWS_DIR: workflowsDir,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: opts.redisPrefix ?? 'hookflow',
    PUBLIC_URL: url,
    ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...opts.env,
  };

  let processSeq = 0;
  const ownDataDir = () => {
    const dir = path.join(dataDir, `host-${processSeq++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  const launch = (role: 'api' | 'worker', env: Record<string, string>): ClusterProcess => {
    const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
      env: { ...base, ROLE: role, ...(opts.dataDirPerProcess ? { DATA_DIR: ownDataDir() } : {}), ...env },
      stdio: 'pipe',
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) output.push(line);
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const p: ClusterProcess = { role, child, output, exited };
    all.push(p);
    return p;
  };

  const waitUntil = async (p: ClusterProcess, ready: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await ready().catch(() => false))) {
      if (p.child.exitCode !== null)
        throw new Error(`${p.role} exited with ${p.child.exitCode}:\n${p.output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${what} not ready in 20 s:\n${p.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const addWorker = async (env: Record<string, string> = {}) => {
    // A worker has no HTTP port; its heartbeat file says it reached its store and queue.
    const heartbeat = path.join(dataDir, `worker-${workerSeq++}.heartbeat`);
    const w = launch('worker', { PORT: '0', HEARTBEAT_FILE: heartbeat, ...env });
    await waitUntil(w, async () => existsSync(heartbeat), 'worker');
    return w;
  };

  // The api first: it applies the SQLite migrations before the workers open the file.
  const api = launch('api', { PORT: String(port) });
  await waitUntil(api, async () => (await fetch(`${url}/readyz`)).status === 200, 'api');
  const apis = [api];
  const apiUrls = [url];
  for (let i = 1; i < (opts.apis ?? 1); i++) {
    const p = await freePort();
    const u = `http://127.0.0.1:${p}`;
    const more = launch('api', { PORT: String(p) });
    await waitUntil(more, async () => (await fetch(`${u}/readyz`)).status === 200, 'api');
    apis.push(more);
    apiUrls.push(u);
  }
  const workers: ClusterProcess[] = [];
  for (let i = 0; i < opts.workers; i++) workers.push(await addWorker());

  const kill = async (p: ClusterProcess) => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  };

  return {
    url,
    dataDir,
    api,
    apis,
    apiUrls,
    workers,
    addWorker: async (env) => {
      const w = await addWorker(env);
      workers.push(w);
      return w;
    },
    kill,
    async stop() {
      await Promise.all(
        all.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          p.child.kill('SIGTERM');
          const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
          await p.exited;
          clearTimeout(timer);
        }),
      );
      cleanWorkflows();
      tmp?.cleanup();
    },
    logs: () => all.map((p, i) => `--- ${p.role} #${i}\n${p.output.join('\n')}`).join('\n'),
  };
}

// Starts `node server/main.ts` as a child process — for tests that kill, restart or run
// several processes. Resolves once the process logs that it listens (or, for a worker,
// that it started), with the bound port; so LOG_LEVEL must stay at `info` or below.

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { NODE_FLAGS } from './node-flags.ts';
import { TEST_ADMIN_API_KEY } from './start-hookflow.ts';

export type HookflowProcess = {
  child: ChildProcess;
  port: number | null;
  url: string;
  /** `Authorization: Bearer <ADMIN_API_KEY>` for /api calls (empty when the test unset the key). */
  auth: Record<string, string>;
  /** Everything the process printed, for assertions and post-mortems. */
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
};

const MAIN = path.join(import.meta.dirname, '..', '..', 'server', 'main.ts');

export function spawnHookflow(env: Record<string, string>, timeoutMs = 20_000): Promise<HookflowProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ADMIN_API_KEY: TEST_ADMIN_API_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: HookflowProcess = {
    child,
    port: null,
    url: '',
    auth:
      (env.ADMIN_API_KEY ?? TEST_ADMIN_API_KEY)
        ? { authorization: `Bearer ${env.ADMIN_API_KEY ?? TEST_ADMIN_API_KEY}` }
        : {},
    output: () => out,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookflow did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        let msg: { port?: number; msg?: string; role?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          continue;
        }
        const listening = typeof msg.port === 'number' && msg.msg?.startsWith('Hookflow listening');
        const workerUp = msg.msg === 'Hookflow worker started';
        if ((listening || workerUp) && proc.url === '' && proc.port === null) {
          clearTimeout(timer);
          proc.port = msg.port ?? null;
          proc.url = msg.port ? `http://127.0.0.1:${msg.port}` : '';
          resolve(proc);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hookflow exited with ${code} before it was ready:\n${out}`));
    });
  });
}

// What a person sees when starting Hookflow: a taken port is one line that says what to do,
// logs are readable on a terminal and JSON for collectors (stdout piped).
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../helpers/node-flags.ts';
import { spawnHookflow } from '../../helpers/spawn-hookflow.ts';
import { TEST_ADMIN_API_KEY } from '../../helpers/start-hookflow.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const MAIN = path.join(import.meta.dirname, '..', '..', '..', 'server', 'main.ts');
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function baseEnv(dataDir: string, port: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: port,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    LOG_LEVEL: 'info',
  };
}

function collect(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { output: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

describe('start-up', () => {
  it('says in one line that the port is taken, and exits non-zero', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as net.AddressInfo).port;
    const data = tempDir();
    cleanups.push(data.cleanup);

    const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
      env: baseEnv(data.dir, String(port)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    const { output, exited } = collect(child);
    const code = await exited;

    expect(code).not.toBe(0);
    const stderrLines = output()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('{'));
    expect(stderrLines).toEqual([`port ${port} is in use; set PORT`]);
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('writes JSON lines when stdout is not a terminal', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const proc = await spawnHookflow({ DATA_DIR: data.dir });
    cleanups.push(() => proc.kill('SIGTERM'));
    const listening = proc
      .output()
      .split('\n')
      .find((line) => line.includes('Hookflow listening'));
    expect(JSON.parse(listening!)).toMatchObject({ level: 30, msg: expect.stringContaining('Hookflow listening') });
  });

  it('writes readable lines, not JSON, on a terminal', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    // `script` gives the server a real pseudo-terminal as stdout, as a person's shell does.
    const command = [process.execPath, ...NODE_FLAGS, MAIN].map((part) => `'${part}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: baseEnv(data.dir, '0'),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    cleanups.push(async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await gone;
    });
    const { output } = collect(child);
    await expect.poll(() => output(), { timeout: 20_000, interval: 100 }).toContain('Hookflow listening');
    const line = output()
      .split(/\r?\n/)
      .find((entry) => entry.includes('Hookflow listening'))!;
    expect(line.trimStart().startsWith('{')).toBe(false);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour escapes
    const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} INFO +Hookflow listening on http.* port=\d+ role=all/);
  });
});

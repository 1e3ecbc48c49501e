// `hookflow run <file> --input payload.json`: executes a workflow locally, on a private
// temporary store and the in-process queue (the same engine as the server), and prints each
// step's status, duration and output. Credentials are not available locally.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLocalRunConfig } from '../../config.ts';
import { ulid } from '../../lib/ids.ts';
import { createLogger } from '../../lib/logger.ts';
import { startRuntime } from '../../runtime.ts';
import type { StepRecord } from '../../store/store.ts';
import { CliError } from '../api-client.ts';
import { checkFiles, formatProblemsOf } from '../workflow-files.ts';
import type { CommandIo } from './io.ts';

export type RunOptions = { file: string; input: string | null; json: boolean; timeoutMs: number; tempDir: string };

async function readInput(file: string | null): Promise<unknown> {
  if (file === null) return {};
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CliError(`--input ${file}: ${(err as Error).message}`);
  }
}

const show = (v: unknown) => JSON.stringify(v, null, 2).replace(/\n/g, '\n    ');

export async function runCommand(opts: RunOptions, io: CommandIo): Promise<number> {
  const [checked] = await checkFiles([opts.file]);
  if (!checked.ok) {
    for (const line of formatProblemsOf(checked)) io.err(line);
    return 1;
  }
  const body = await readInput(opts.input);
  const config = loadLocalRunConfig({
    DATA_DIR: opts.tempDir,
    WORKFLOWS_DIR: path.join(opts.tempDir, 'none'),
    // One self-contained process on a private store: it also listens, on a free loopback
    // port nobody is told about, since a worker-only role needs Redis to be fed.
    ROLE: 'all',
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: '',
    DATABASE_URL: '',
    REDIS_URL: '',
  });
  const runtime = await startRuntime(
    config,
    createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', config.logFormat),
  );
  try {
    const doc = { ...checked.document, active: true };
    const { row } = await runtime.store.saveWorkflow(doc, 'cli:run');
    const now = Date.now();
    const id = ulid(now);
    await runtime.store.createExecution({
      id,
      workflowId: row.id,
      workflowVersion: row.version,
      createdAt: now,
      trigger: {
        method: 'POST',
        path: '/hooks/local',
        headers: { 'content-type': 'application/json' },
        query: {},
        body,
        receivedAt: new Date(now).toISOString(),
      },
    });
    await runtime.queue.enqueue(id);
    const deadline = now + opts.timeoutMs;
    let exec = await runtime.store.getExecution(id);
    while (exec && !['succeeded', 'failed', 'cancelled'].includes(exec.status)) {
      if (Date.now() > deadline) throw new CliError(`execution still ${exec.status} after ${opts.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
      exec = await runtime.store.getExecution(id);
    }
    if (!exec) throw new CliError('the execution disappeared');
    const steps = await runtime.store.listStepRecords(id);
    if (opts.json) {
      io.out(JSON.stringify({ id, status: exec.status, result: exec.result, error: exec.error, steps }, null, 2));
    } else {
      for (const s of steps) io.out(stepLine(s));
      const took =
        exec.finishedAt !== null && exec.startedAt !== null ? ` in ${exec.finishedAt - exec.startedAt} ms` : '';
      io.out(`execution ${exec.status}${took}${exec.error ? `: ${exec.error.message}` : ''}`);
    }
    return exec.status === 'succeeded' ? 0 : 1;
  } finally {
    await runtime.stop(2000);
  }
}

function stepLine(s: StepRecord): string {
  const mark =
    s.status === 'succeeded' ? 'ok  ' : s.status === 'skipped' ? 'skip' : s.status === 'failed' ? 'FAIL' : s.status;
  const ms = s.finishedAt !== null ? ` ${s.finishedAt - s.startedAt} ms` : '';
  const head = `${mark} ${s.key} (${s.type}) attempt ${s.attempt}${ms}`;
  if (s.status === 'failed' || s.error) return `${head}\n    error: ${s.error?.message}`;
  if (s.status !== 'succeeded') return head;
  return `${head}\n    ${show(s.output)}${s.branches ? `\n    branches: ${s.branches.join(', ')}` : ''}`;
}

// `npm run bench:cpu`: CPU milliseconds the embedded server spends per end-to-end execution
// (webhook → transform → http.request to a local sink), from /proc/<pid>/stat. Unlike
// executions/s, CPU time barely moves when other processes compete for the cores, so it is
// the figure to compare before and after a change on a busy machine. BENCH_E2E executions per
// round (default 3000), BENCH_ROUNDS rounds (default 3, after one warm-up); CPU_PROF=1 writes
// a V8 CPU profile of the server to test-artifacts/cpu-prof/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../helpers/node-flags.ts';
import { ROOT, startChild } from './processes.ts';
import { type Api, drain, endToEnd } from './scenarios.ts';

const COUNT = Number(process.env.BENCH_E2E ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const API_KEY = `bench-${Math.random().toString(36).slice(2)}-key-0123456789`;
const work = mkdtempSync(path.join(tmpdir(), 'hookflow-cpu-'));
const profDir = path.join(ROOT, 'test-artifacts', 'cpu-prof');
const prof = process.env.CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
if (prof.length) mkdirSync(profDir, { recursive: true });

const hf = await startChild(
  [...NODE_FLAGS, ...prof, path.join(ROOT, 'server', 'main.ts')],
  {
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_API_KEY: API_KEY,
    DATA_DIR: path.join(work, 'data'),
    WORKFLOWS_DIR: path.join(work, 'workflows'),
    LOG_LEVEL: 'info',
    SSRF_ALLOW: '127.0.0.1',
    RETENTION_INTERVAL_MS: '3600000',
  },
  (m) => typeof m.msg === 'string' && m.msg.startsWith('Hookflow listening'),
);
try {
  const api: Api = { base: `http://127.0.0.1:${hf.msg.port}`, auth: { authorization: `Bearer ${API_KEY}` } };
  const pid = hf.child.pid as number;
  await endToEnd(api, Math.min(COUNT, 1000), [pid], 'cpu-warm-up');
  const figures: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await drain(api);
    const run = await endToEnd(api, COUNT, [pid], `cpu-${i}`);
    figures.push(run.cpuMsPerExecution);
    console.log(
      `round ${i + 1}: ${run.cpuMsPerExecution.toFixed(3)} CPU ms per execution, ${Math.round(run.perSecond)} executions/s (wall clock, noisy)`,
    );
  }
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(`median: ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} CPU ms per end-to-end execution`);
} finally {
  await hf.stop();
  rmSync(work, { recursive: true, force: true });
}

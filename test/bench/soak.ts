// `npm run bench:soak`: memory over time. Hookflow (embedded defaults, retention on) takes a
// steady stream of webhooks → transform → http.request → local sink for SOAK_SECONDS
// (default 600) at SOAK_RATE per second (default 300), and RSS is sampled every 5 s.
// Flat means no growth per execution: the last minute's RSS is compared with the second's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../helpers/node-flags.ts';
import { ROOT, rssMb, runSteady, startChild } from './processes.ts';
import { type Api, BODY, deploy, e2eWorkflow } from './scenarios.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 300);
const API_KEY = `soak-${Math.random().toString(36).slice(2)}-key-0123456789`;
const work = mkdtempSync(path.join(tmpdir(), 'hookflow-soak-'));
const stops: (() => Promise<void>)[] = [];

try {
  mkdirSync(path.join(work, 'workflows'));
  const sink = await startChild([path.join(ROOT, 'test', 'bench', 'e2e-sink.ts'), '0'], {}, (m) => 'port' in m);
  stops.push(sink.stop);
  const hf = await startChild(
    [...NODE_FLAGS, path.join(ROOT, 'server', 'main.ts')],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_API_KEY: API_KEY,
      DATA_DIR: path.join(work, 'data'),
      WORKFLOWS_DIR: path.join(work, 'workflows'),
      SSRF_ALLOW: '127.0.0.1',
      LOG_LEVEL: 'info',
      // Retention as in production, only sooner and tighter, so the soak reaches steady state.
      EXECUTION_RETENTION_PER_WORKFLOW: '20000',
      RETENTION_INTERVAL_MS: '10000',
    },
    (m) => typeof m.msg === 'string' && m.msg.startsWith('Hookflow listening'),
  );
  stops.push(hf.stop);
  const pid = hf.child.pid as number;
  const api: Api = { base: `http://127.0.0.1:${hf.msg.port}`, auth: { authorization: `Bearer ${API_KEY}` } };
  const url = await deploy(api, e2eWorkflow(sink.msg.port as number, 'soak'));
  const samples: { t: number; rssMb: number }[] = [];
  const started = Date.now();
  const sample = setInterval(
    () => samples.push({ t: Math.round((Date.now() - started) / 1000), rssMb: rssMb(pid) }),
    5000,
  );
  console.log(`soak: ${RATE} webhooks/s for ${SECONDS} s (webhook → transform → http.request → sink), retention on`);
  const load = await runSteady({ url, rate: RATE, duration: SECONDS, body: BODY });
  clearInterval(sample);
  const window = (from: number, to: number) => samples.filter((s) => s.t > from && s.t <= to).map((s) => s.rssMb);
  const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  const second = window(60, 120);
  const last = window(SECONDS - 60, SECONDS);
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(
    `requests: ${load.total} (${Math.round(load.rps)}/s), ack p50 ${load.p50} ms, p99 ${load.p99} ms, non-2xx ${load.non2xx}, errors ${load.errors}`,
  );
  console.log(
    `RSS: minute 2 avg ${avg(second)} MB, last minute avg ${avg(last)} MB, peak ${peak} MB (target ≤ 400, flat)`,
  );
  console.log(
    `RSS every 30 s: ${samples
      .filter((s) => s.t % 30 === 0)
      .map((s) => `${s.t}s:${s.rssMb}`)
      .join(' ')}`,
  );
  mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(
    path.join(ROOT, 'test-artifacts', 'soak.json'),
    `${JSON.stringify({ rate: RATE, seconds: SECONDS, load, samples }, null, 2)}\n`,
  );
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}

// `npm run bench:backlog`: recovery under a backlog. BACKLOG webhooks (default 100,000) are
// accepted by an api process while no worker runs; then a worker starts and drains them while
// a steady 200 req/s stream keeps arriving. Reports the drain rate, every recovery sweep pass
// (rows checked, duration) from both processes' logs, the Redis command time the drain cost
// (INFO commandstats, LPOS calls among it), and the ack latency of the steady stream.
// BENCH_DURATION (s, default 10) is the steady stream's length.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { NODE_FLAGS } from '../helpers/node-flags.ts';
import { ROOT, runLoad, runSteady, startChild, startRedis } from './processes.ts';
import { type Api, BODY, CONNECTIONS, deploy, drain, e2eWorkflow } from './scenarios.ts';

const BACKLOG = Number(process.env.BACKLOG ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const API_KEY = `bench-${Math.random().toString(36).slice(2)}-key-0123456789`;
const work = mkdtempSync(path.join(tmpdir(), 'hookflow-backlog-'));
const stops: (() => Promise<void>)[] = [];
type Sweep = { role: string; checked: number; enqueued: number; ms: number };
const sweeps: Sweep[] = [];

async function start(role: 'api' | 'worker', redisUrl: string) {
  const dataDir = path.join(work, 'data');
  mkdirSync(path.join(work, 'workflows'), { recursive: true });
  const proc = await startChild(
    [...NODE_FLAGS, path.join(ROOT, 'server', 'main.ts')],
    {
      ROLE: role,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      ADMIN_API_KEY: API_KEY,
      DATA_DIR: dataDir,
      WORKFLOWS_DIR: path.join(work, 'workflows'),
      LOG_LEVEL: 'info',
      SSRF_ALLOW: '127.0.0.1',
      RETENTION_INTERVAL_MS: '3600000',
      SWEEP_INTERVAL_MS: '2000',
    },
    (m) => typeof m.msg === 'string' && (m.msg.startsWith('Hookflow listening') || m.msg === 'Hookflow worker started'),
  );
  stops.push(proc.stop);
  let buf = '';
  proc.child.stdout?.on('data', (c: Buffer) => {
    buf += c;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      if (!line.includes('recovery sweep')) continue;
      const m = JSON.parse(line) as { checked?: number; enqueued?: number; ms?: number };
      sweeps.push({ role, checked: m.checked ?? 0, enqueued: m.enqueued ?? 0, ms: m.ms ?? 0 });
    }
  });
  return proc;
}

const redisTime = async (r: Redis) => {
  const info = await r.info('commandstats');
  let usec = 0;
  let lpos = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    usec += Number(m[3]);
    if (m[1] === 'lpos') lpos += Number(m[2]);
  }
  return { ms: usec / 1000, lpos };
};

try {
  const redis = await startRedis(work);
  stops.push(redis.stop);
  const admin = new Redis(redis.url);
  stops.push(async () => admin.disconnect());
  const api = await start('api', redis.url);
  const base: Api = { base: `http://127.0.0.1:${api.msg.port}`, auth: { authorization: `Bearer ${API_KEY}` } };
  const sink = await startChild([path.join(ROOT, 'test', 'bench', 'e2e-sink.ts'), '0'], {}, (m) => 'port' in m);
  stops.push(sink.stop);
  const url = await deploy(base, e2eWorkflow(sink.msg.port as number, 'backlog'));

  console.log(`Hookflow backlog bench — ${BACKLOG} webhooks accepted with no worker running`);
  const ingest = await runLoad({ url, connections: CONNECTIONS, amount: BACKLOG, body: BODY });
  console.log(`ingest of the backlog: ${Math.round(ingest.rps)} req/s, p99 ${ingest.p99} ms, ${ingest.non2xx} non-2xx`);
  await admin.config('RESETSTAT');

  const began = Date.now();
  await start('worker', redis.url);
  const steady = runSteady({ url, rate: 200, duration: DURATION, body: BODY });
  const latency = await steady;
  await drain(base, 3_600_000);
  const seconds = (Date.now() - began) / 1000;
  const total = BACKLOG + latency.total;
  const cost = await redisTime(admin);
  console.log(`drained ${total} executions in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} executions/s`);
  console.log(
    `ack latency at 200 req/s during the drain: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms (target p99 ≤ 50 ms)`,
  );
  console.log(`Redis command time during the drain: ${cost.ms.toFixed(0)} ms, LPOS calls: ${cost.lpos}`);
  const passes = sweeps.filter((s) => s.checked > 0);
  console.log(`sweep passes over a backlog (${passes.length}):`);
  for (const s of passes) {
    console.log(
      `  ${s.role.padEnd(6)} checked ${String(s.checked).padStart(7)} rows in ${s.ms} ms, re-enqueued ${s.enqueued}`,
    );
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}

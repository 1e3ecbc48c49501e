// One backlog measurement for `npm run bench:backlog`, on a fresh redis-server and data dir:
// `backlog` webhooks accepted by an api process while no worker runs, then a worker drains
// them while a steady 200 req/s stream arrives. Afterwards every stored execution is read back
// and compared with what the sink received, to check that each ran exactly once.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { NODE_FLAGS } from '../helpers/node-flags.ts';
import { type LoadResult, onLines, ROOT, runLoad, runSteady, startChild, startRedis } from './processes.ts';
import { type Api, BODY, CONNECTIONS, deploy, drain, e2eWorkflow } from './scenarios.ts';

export type Sweep = { role: string; checked: number; enqueued: number; ms: number; startedAt: number };

export type BacklogResult = {
  backlog: number;
  ingest: LoadResult & { perSecond: number };
  /** Executions finished from the first start to the last backlog execution's end, per second. */
  drainPerSecond: number;
  drainSeconds: number;
  /** Passes that began before the worker started (over the growing backlog) and after. */
  ingestSweeps: Sweep[];
  drainSweeps: Sweep[];
  /** Redis CPU during the drain, and its commands (INFO commandstats, reset when the backlog was in). */
  redis: { cpuMs: number; calls: number; lpos: number; top: { name: string; calls: number; ms: number }[] };
  executions: number;
  steady: LoadResult;
  problems: string[];
};

// The delivery names its execution, so the sink can count each one.
const DELIVERY = "={ 'execution': execution.id, 'shape': steps.shape }";
const API_KEY = `bench-${Math.random().toString(36).slice(2)}-key-0123456789`;

export async function measureBacklog(backlog: number, steadySeconds: number): Promise<BacklogResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'hookflow-backlog-'));
  const stops: (() => Promise<void>)[] = [];
  const sweeps: Sweep[] = [];
  const start = (role: 'api' | 'worker', redisUrl: string) => startHookflow(role, redisUrl, work, sweeps, stops);
  try {
    const redis = await startRedis(work);
    stops.push(redis.stop);
    const admin = new Redis(redis.url);
    stops.push(async () => admin.disconnect());
    const api = await start('api', redis.url);
    const base: Api = { base: `http://127.0.0.1:${api.msg.port}`, auth: { authorization: `Bearer ${API_KEY}` } };
    const sink = await startChild([path.join(ROOT, 'test', 'bench', 'id-sink.ts')], {}, (m) => 'port' in m);
    stops.push(sink.stop);
    const sinkUrl = `http://127.0.0.1:${sink.msg.port}`;
    const url = await deploy(base, e2eWorkflow(sink.msg.port as number, 'backlog', DELIVERY));

    const ingest = await runLoad({ url, connections: CONNECTIONS, amount: backlog, body: BODY });
    const ingestSeconds = (ingest as LoadResult & { durationS: number }).durationS;
    await admin.config('RESETSTAT');
    const redisCpuBefore = await redisCpuMs(admin);

    // The steady stream starts with the worker, so its first requests meet the whole backlog.
    const began = Date.now();
    const [, steady] = await Promise.all([
      start('worker', redis.url),
      runSteady({ url, rate: 200, duration: steadySeconds, body: BODY }),
    ]);
    await drain(base, 3_600_000);
    const redisCost = { cpuMs: (await redisCpuMs(admin)) - redisCpuBefore, ...(await commandStats(admin)) };

    const stored = await listExecutions(base);
    const delivered = (await (await fetch(`${sinkUrl}/stats`)).json()) as SinkStats;
    const deliveredIds = (await (await fetch(`${sinkUrl}/ids`)).json()) as string[];
    const accepted = ingest.total - ingest.non2xx + (steady.total - steady.non2xx);
    const problems = exactlyOnceProblems({ backlog, ingest, accepted, stored, delivered, deliveredIds });

    // Reduced, not spread: 100,000 arguments overflow the stack.
    const firstStart = stored.reduce((t, e) => Math.min(t, e.startedAt ?? t), Number.POSITIVE_INFINITY);
    const backlogDone = stored.reduce((t, e) => (e.createdAt < began ? Math.max(t, e.finishedAt ?? t) : t), 0);
    const inWindow = stored.filter((e) => e.finishedAt !== null && e.finishedAt <= backlogDone).length;
    const drainSeconds = (backlogDone - firstStart) / 1000;
    return {
      backlog,
      ingest: { ...ingest, perSecond: ingest.total / ingestSeconds },
      drainPerSecond: inWindow / drainSeconds,
      drainSeconds,
      ingestSweeps: sweeps.filter((s) => s.startedAt < began),
      drainSweeps: sweeps.filter((s) => s.startedAt >= began),
      redis: redisCost,
      executions: stored.length,
      steady,
      problems,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

/** Starts a Hookflow process and collects the recovery sweep's pass lines from its log. */
async function startHookflow(
  role: 'api' | 'worker',
  redisUrl: string,
  work: string,
  sweeps: Sweep[],
  stops: (() => Promise<void>)[],
) {
  mkdirSync(path.join(work, 'workflows'), { recursive: true });
  const nice = role === 'worker' ? process.env.BENCH_WORKER_NICE : undefined;
  const node = [...NODE_FLAGS, path.join(ROOT, 'server', 'main.ts')];
  const proc = await startChild(
    nice ? ['-n', nice, process.execPath, ...node] : node,
    {
      ROLE: role,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      ADMIN_API_KEY: API_KEY,
      DATA_DIR: path.join(work, 'data'),
      WORKFLOWS_DIR: path.join(work, 'workflows'),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SSRF_ALLOW: '127.0.0.1',
      RETENTION_INTERVAL_MS: '3600000',
      SWEEP_INTERVAL_MS: process.env.BENCH_SWEEP_MS ?? '2000',
    },
    (m) => typeof m.msg === 'string' && (m.msg.startsWith('Hookflow listening') || m.msg === 'Hookflow worker started'),
    nice ? 'nice' : process.execPath,
  );
  stops.push(proc.stop);
  if (proc.child.stdout) {
    onLines(proc.child.stdout, (line) => {
      if (!line.includes('recovery sweep')) return;
      const m = JSON.parse(line) as { checked?: number; enqueued?: number; ms?: number; time: number };
      if (m.checked === undefined) return; // a failed pass is logged with its error only
      const ms = m.ms ?? 0;
      sweeps.push({ role, checked: m.checked, enqueued: m.enqueued ?? 0, ms, startedAt: m.time - ms });
    });
  }
  return proc;
}

// Commandstats count each command a Lua script calls on its own line as well as inside the
// script's time, so their sum counts script work twice; Redis's own CPU time (INFO cpu) is
// the total, and the commandstats show where it went.
async function redisCpuMs(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

async function commandStats(r: Redis) {
  const info = await r.info('commandstats');
  const commands = [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)].map((m) => ({
    name: m[1],
    calls: Number(m[2]),
    ms: Number(m[3]) / 1000,
  }));
  commands.sort((a, b) => b.ms - a.ms);
  return {
    calls: commands.reduce((n, c) => n + c.calls, 0),
    lpos: commands.find((c) => c.name === 'lpos')?.calls ?? 0,
    top: commands.slice(0, 5),
  };
}

type Stored = { id: string; status: string; createdAt: number; startedAt: number | null; finishedAt: number | null };
type SinkStats = {
  received: number;
  distinct: number;
  duplicates: number;
  unnamed: number;
  sampleDuplicates: { id: string; times: number }[];
};

/** Every execution in the store, paged through the API (500 a page). */
async function listExecutions(api: Api): Promise<Stored[]> {
  const out: Stored[] = [];
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const res = await fetch(`${api.base}/api/executions?limit=500${query}`, { headers: api.auth });
    if (!res.ok) throw new Error(`listing executions failed: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as {
      items: { id: string; status: string; createdAt: string; startedAt: string | null; finishedAt: string | null }[];
      nextCursor: string | null;
    };
    for (const e of page.items) {
      out.push({
        id: e.id,
        status: e.status,
        createdAt: Date.parse(e.createdAt),
        startedAt: ms(e.startedAt),
        finishedAt: ms(e.finishedAt),
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** What breaks "every accepted webhook ran to success and was delivered exactly once". */
function exactlyOnceProblems(r: {
  backlog: number;
  ingest: LoadResult;
  accepted: number;
  stored: Stored[];
  delivered: SinkStats;
  deliveredIds: string[];
}): string[] {
  const problems: string[] = [];
  if (r.ingest.total - r.ingest.non2xx !== r.backlog) {
    problems.push(`${r.ingest.total - r.ingest.non2xx} of the ${r.backlog} backlog webhooks were accepted`);
  }
  if (r.stored.length !== r.accepted) problems.push(`${r.stored.length} executions stored for ${r.accepted} accepted`);
  const byStatus = new Map<string, number>();
  for (const e of r.stored) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
  const unfinished = [...byStatus].filter(([status]) => status !== 'succeeded');
  if (unfinished.length > 0) problems.push(`not succeeded: ${unfinished.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  if (r.delivered.distinct !== r.accepted) {
    problems.push(`${r.delivered.distinct} distinct deliveries for ${r.accepted} accepted`);
  }
  if (r.delivered.duplicates > 0) {
    problems.push(
      `${r.delivered.duplicates} duplicate deliveries, e.g. ${JSON.stringify(r.delivered.sampleDuplicates)}`,
    );
  }
  if (r.delivered.unnamed > 0) problems.push(`${r.delivered.unnamed} deliveries without an execution id`);
  const storedIds = new Set(r.stored.map((e) => e.id));
  const strangers = r.deliveredIds.filter((id) => !storedIds.has(id));
  if (strangers.length > 0) problems.push(`${strangers.length} delivered ids not in the store, e.g. ${strangers[0]}`);
  return problems;
}

// `npm run bench:backlog`: recovery under a backlog, at several sizes in one run (BACKLOGS,
// default "10000,50000,100000"; BACKLOG=n runs one size). Each size gets a fresh redis-server
// and data dir: the webhooks are accepted by an api process while no worker runs, then a
// worker drains them while a steady 200 req/s stream (BENCH_DURATION s, default 10) arrives.
// Per size: the drain rate, every recovery sweep pass (rows checked, duration) from both
// processes' logs, what the drain cost Redis (its CPU time; INFO commandstats, reset once the
// backlog is in, for LPOS calls and where the time went), the steady stream's ack latency,
// and an exactly-once check (every execution succeeded, each delivered once). A table
// compares the sizes at the end: sweep ms per 1,000 rows and Redis ms per 1,000 executions
// should stay flat. Knobs for diagnosis: BENCH_SWEEP_MS (sweep interval, default 2000) and
// BENCH_WORKER_NICE (run the worker under `nice -n`, so the api keeps its CPU share).
import { type BacklogResult, measureBacklog, type Sweep } from './backlog-run.ts';

const BACKLOGS = (process.env.BACKLOGS ?? process.env.BACKLOG ?? '10000,50000,100000')
  .split(',')
  .map((s) => Number(s.trim()));
if (BACKLOGS.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BACKLOGS: comma-separated whole numbers');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

const sum = (sweeps: Sweep[], key: 'checked' | 'ms' | 'enqueued') => sweeps.reduce((n, s) => n + s[key], 0);
const perThousand = (value: number, of: number) => (of > 0 ? ((value * 1000) / of).toFixed(1) : '—');

function report(r: BacklogResult): void {
  console.log(`\n— backlog of ${r.backlog.toLocaleString('en')} webhooks, accepted with no worker running`);
  console.log(
    `ingest: ${Math.round(r.ingest.perSecond)} req/s, p99 ${r.ingest.p99} ms, ${r.ingest.non2xx} non-2xx, ${r.ingest.errors} errors`,
  );
  console.log(
    `drain: ${Math.round(r.drainPerSecond)} executions/s (the backlog done ${r.drainSeconds.toFixed(1)} s after the first start; ${r.executions} executions in all)`,
  );
  const s = r.steady;
  console.log(
    `ack latency at 200 req/s during the drain: p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms (${s.total} requests, ${s.non2xx} non-2xx, ${s.errors} errors; target p99 ≤ 50 ms)`,
  );
  const top = r.redis.top.map((c) => `${c.name} ${c.calls} calls ${c.ms.toFixed(0)} ms`).join(', ');
  console.log(
    `Redis during the drain: ${r.redis.cpuMs.toFixed(0)} ms CPU, ${r.redis.calls} commands (LPOS: ${r.redis.lpos}); most time: ${top}`,
  );
  for (const [phase, sweeps] of [
    ['while the backlog was accepted', r.ingestSweeps],
    ['during the drain', r.drainSweeps],
  ] as const) {
    console.log(`sweep passes over ≥ 1,000 rows ${phase}: ${sweeps.length}`);
    for (const p of sweeps) {
      console.log(
        `  ${p.role.padEnd(6)} checked ${String(p.checked).padStart(7)} rows in ${String(p.ms).padStart(5)} ms, re-enqueued ${p.enqueued}`,
      );
    }
  }
  console.log(`exactly once: ${r.problems.length === 0 ? 'PASS' : `FAIL — ${r.problems.join('; ')}`}`);
}

const NOTES = [
  'sweeps: passes over ≥ 1,000 rows that began during the drain (rows checked, ms and re-enqueued summed over them);',
  '  re-enqueued during a drain: rows that finished between the page read and the queue look-up (a spare job whose',
  '  claim finds the execution finished and does nothing; the exactly-once check covers it).',
  'Redis: redis-server CPU (INFO cpu) from the moment the backlog was in to the end of the drain, per 1,000 executions',
  '  run (backlog + steady stream); LPOS calls from INFO commandstats, reset at the same moment.',
  'ack: the steady 200 req/s stream, started with the worker, while the backlog drained (target p99 ≤ 50 ms).',
];

function table(results: BacklogResult[]): void {
  const head = [
    'backlog',
    'ingest req/s',
    'drain exec/s',
    'sweeps',
    'rows checked',
    'sweep ms',
    'sweep ms/1k rows',
    're-enqueued',
    'Redis CPU ms',
    'Redis ms/1k exec',
    'LPOS',
    'ack p50/p99/max ms',
    'exactly once',
  ];
  const rows = results.map((r) => [
    String(r.backlog),
    String(Math.round(r.ingest.perSecond)),
    String(Math.round(r.drainPerSecond)),
    String(r.drainSweeps.length),
    String(sum(r.drainSweeps, 'checked')),
    String(sum(r.drainSweeps, 'ms')),
    perThousand(sum(r.drainSweeps, 'ms'), sum(r.drainSweeps, 'checked')),
    String(sum(r.drainSweeps, 'enqueued')),
    r.redis.cpuMs.toFixed(0),
    perThousand(r.redis.cpuMs, r.executions),
    String(r.redis.lpos),
    `${r.steady.p50} / ${r.steady.p99} / ${r.steady.max}`,
    r.problems.length === 0 ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  for (const note of NOTES) console.log(note);
}

console.log(
  `Hookflow backlog bench — backlogs of ${BACKLOGS.join(', ')}; 1 api + 1 worker on Redis, steady 200 req/s for ${DURATION} s during each drain`,
);
const results: BacklogResult[] = [];
for (const n of BACKLOGS) {
  const r = await measureBacklog(n, DURATION);
  report(r);
  results.push(r);
}
table(results);
if (results.some((r) => r.problems.length > 0)) process.exitCode = 1;

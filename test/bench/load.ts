// The load generator, run as its own process so it never shares an event loop with the
// server under test. Usage: node load.ts '<json options>' ; prints autocannon's result
// summary as one JSON line. Options: url, connections, duration (s), amount, overallRate,
// body, headers.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
// autocannon rejects keys that are present but undefined, so only set what was given.
const defined = Object.fromEntries(
  Object.entries({
    duration: opts.duration,
    amount: opts.amount,
    overallRate: opts.overallRate,
    requests: opts.requests,
  }).filter(([, v]) => v !== undefined),
);
// When the first request goes out: the end-to-end clock starts here, not at this process's
// launch (a Node start and TypeScript compile that no server under test pays for).
const startedAt = Date.now();
const result = await autocannon({
  url: opts.url,
  method: 'POST',
  connections: opts.connections ?? 50,
  headers: { 'content-type': 'application/json', ...opts.headers },
  body: opts.body,
  ...defined,
});
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    startedAt,
  })}\n`,
);

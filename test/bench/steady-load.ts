// An open-loop generator for latency at a fixed rate: one request every 1000/rate ms,
// spread evenly (autocannon's overallRate sends each second's quota in a burst, which
// measures queueing, not ack latency). Usage: node steady-load.ts '<json>' with url, rate,
// duration (s), body, headers. Prints {"rps","total","p50","p99","max","non2xx","errors"}.
import http from 'node:http';

const opts = JSON.parse(process.argv[2]) as {
  url: string;
  rate: number;
  duration: number;
  body: string;
  headers?: Record<string, string>;
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL(opts.url);
const latencies: number[] = [];
let non2xx = 0;
let errors = 0;
let inFlight = 0;

function fire(): void {
  const started = process.hrtime.bigint();
  inFlight++;
  const req = http.request(
    {
      agent,
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body), ...opts.headers },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        inFlight--;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if ((res.statusCode ?? 0) >= 300) non2xx++;
      });
    },
  );
  req.on('error', () => {
    inFlight--;
    errors++;
  });
  req.end(opts.body);
}

const interval = 1000 / opts.rate;
const total = Math.round(opts.rate * opts.duration);
const start = performance.now();
for (let i = 0; i < total; i++) {
  const due = start + i * interval;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  fire();
}
while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ rps: latencies.length / elapsed, total: latencies.length, p50: pct(50), p99: pct(99), max: pct(100), non2xx, errors, timeouts: 0 })}\n`,
);
agent.destroy();

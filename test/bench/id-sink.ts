// The backlog bench's destination: every delivery's body names its execution
// (`{"execution": "<id>", ...}`), and the sink counts how often it saw each one, so the bench
// can check that every accepted webhook was delivered exactly once.
// Usage: node id-sink.ts. Prints {"port"} once listening; GET /stats answers
// {received, distinct, duplicates, unnamed, sampleDuplicates}; GET /ids the distinct ids.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const seen = new Map<string, number>();
let received = 0;
// Deliveries without an execution id would be a broken workflow, not a duplicate: counted apart.
let unnamed = 0;

function record(body: string): void {
  received++;
  let id: unknown;
  try {
    id = (JSON.parse(body) as { execution?: unknown }).execution;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string') {
    unnamed++;
    return;
  }
  seen.set(id, (seen.get(id) ?? 0) + 1);
}

function stats() {
  const repeated = [...seen].filter(([, n]) => n > 1);
  return {
    received,
    distinct: seen.size,
    duplicates: repeated.reduce((sum, [, n]) => sum + n - 1, 0),
    unnamed,
    sampleDuplicates: repeated.slice(0, 10).map(([id, n]) => ({ id, times: n })),
  };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const out = req.url === '/ids' ? [...seen.keys()] : stats();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    record(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

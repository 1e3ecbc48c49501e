// The end-to-end bench's destination: counts deliveries and reports each 1,000th and the
// final count on stdout as JSON lines. Usage: node e2e-sink.ts <expected>
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const expected = Number(process.argv[2]);
let count = 0;
let first = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (count === 0) first = Date.now();
    count++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
    if (count === expected)
      process.stdout.write(`${JSON.stringify({ done: count, firstAt: first, lastAt: Date.now() })}\n`);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

// The performance floor from DESIGN.md: a bare node:http server that commits one SQLite
// row (same pragmas as Hookflow's store) and XADDs to Redis per request, then answers 202.
// Usage: node floor-server.ts <dataDir> <redisUrl|-> ; prints {"port":N} when ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Redis } from 'ioredis';

const [dataDir, redisUrl] = process.argv.slice(2);
const db = new DatabaseSync(path.join(dataDir, 'floor.db'));
db.exec('PRAGMA journal_mode = WAL');
db.exec('PRAGMA synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL)');
const insert = db.prepare('INSERT INTO events (body, created_at) VALUES (?, ?)');
const redis = redisUrl && redisUrl !== '-' ? new Redis(redisUrl) : null;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const { lastInsertRowid } = insert.run(body, Date.now());
    if (redis) await redis.xadd('floor', 'MAXLEN', '~', '100000', '*', 'id', String(lastInsertRowid));
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(`{"id":${lastInsertRowid}}`);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

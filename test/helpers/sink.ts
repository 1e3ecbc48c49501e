// A real HTTP server standing in for a third-party endpoint: records every request and
// answers with whatever the test scripts (status, headers, body, delay).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SinkRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
};
export type SinkReply = { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number };

export type Sink = {
  url: string;
  requests: SinkRequest[];
  /** Decide the reply per request; default 200 `{"ok":true}`. */
  reply: (req: SinkRequest, index: number) => SinkReply;
  waitFor: (count: number, timeoutMs?: number) => Promise<SinkRequest[]>;
  close: () => Promise<void>;
};

export async function startSink(): Promise<Sink> {
  const sink: Sink = {
    url: '',
    requests: [],
    reply: () => ({ status: 200, body: { ok: true } }),
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (sink.requests.length < count) {
        if (Date.now() > deadline)
          throw new Error(`sink got ${sink.requests.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return sink.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = body ? JSON.parse(body) : null;
      } catch {
        json = null;
      }
      const entry: SinkRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      const index = sink.requests.push(entry) - 1;
      const r = sink.reply(entry, index);
      const send = () => {
        const payload = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? { ok: true });
        res.writeHead(r.status ?? 200, {
          'content-type': typeof r.body === 'string' ? 'text/plain' : 'application/json',
          ...r.headers,
        });
        res.end(payload);
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

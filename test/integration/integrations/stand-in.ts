// One local HTTP server standing in for a SaaS API: each test file gives it a route function
// that answers the provider's documented paths, auth and body shapes; the stand-in records
// every request and serves injected failures (rate limits, outages) first, in order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or the form as an object of string lists, or the raw text. */
  body: any;
  raw: string;
  /** Date.now() when the request arrived. */
  at: number;
};

/** `body` a string → text/plain, undefined → empty, anything else → JSON. */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

export type StandIn = {
  url: string;
  requests: Recorded[];
  /** Answers served before the route, one per request. */
  inject: (...replies: Reply[]) => void;
  reset: () => void;
  close: () => Promise<void>;
};

/**
 * `echo`: answer like a careless or hostile API that repeats what it received (URL with
 * query, headers with auth, raw body): JSON objects get an `echo` field, text bodies the
 * request appended, empty bodies become `{ echo }`. Used by the secrets-never-leak test.
 */
export async function startStandIn(route: (req: Recorded) => Reply, opts: { echo?: boolean } = {}): Promise<StandIn> {
  const injected: Reply[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let body: unknown = raw;
      if (type.includes('json') && raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      } else if (type.includes('x-www-form-urlencoded')) {
        const form: Record<string, string[]> = {};
        for (const [k, v] of new URLSearchParams(raw)) form[k] = [...(form[k] ?? []), v];
        body = form;
      }
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const rec: Recorded = {
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body,
        raw,
        at: Date.now(),
      };
      s.requests.push(rec);
      let reply = injected.shift() ?? route(rec);
      if (opts.echo) reply = withEcho(reply, req, raw);
      const text =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const contentType =
        typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
      res.writeHead(reply.status, {
        ...(reply.body === undefined ? {} : { 'content-type': contentType }),
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const s: StandIn = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    inject: (...replies) => {
      injected.push(...replies);
    },
    reset: () => {
      injected.length = 0;
      s.requests.length = 0;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return s;
}

function withEcho(reply: Reply, req: http.IncomingMessage, raw: string): Reply {
  const echo = { url: req.url, headers: req.headers, raw };
  if (typeof reply.body === 'string') return { ...reply, body: `${reply.body} ${JSON.stringify(echo)}` };
  if (reply.body === undefined) return { ...reply, body: { echo } };
  if (reply.body && typeof reply.body === 'object' && !Array.isArray(reply.body)) {
    return { ...reply, body: { ...reply.body, echo } };
  }
  return reply;
}

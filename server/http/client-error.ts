// What a connection is told when Node's HTTP parser gives up on it. Node's default writes
// `400 Bad Request` at once, even when a complete request on the same connection is still
// being handled: bytes after a declared body (`Content-Length: 2` then `{}GARBAGE`) made
// the caller read "400" while that request's execution was committed. Here the request in
// flight gets its own answer first and the connection is closed after it; a parse error
// with nothing in flight is answered with a JSON error like every other refusal.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

const IN_FLIGHT = Symbol('hookflow.inFlight');
const HANDLED = Symbol('hookflow.clientErrorHandled');

type TrackedSocket = Socket & { [IN_FLIGHT]?: Set<ServerResponse>; [HANDLED]?: boolean };

const STATUS_BY_CODE: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request headers are too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'payload_too_large', 'the chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request was not received in time'],
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

function errorResponse(err: NodeJS.ErrnoException, headers: Record<string, string>): string {
  const [status, code, message] = STATUS_BY_CODE[err.code ?? ''] ?? [
    400,
    'malformed_request',
    'the request is not valid HTTP/1.1',
  ];
  const body = JSON.stringify({ error: { code, message, details: { reason: err.code ?? 'unknown' } } });
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return (
    `HTTP/1.1 ${status} ${REASON[status]}\r\nconnection: close\r\n${extra}` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** A JSON refusal written by hand (no express, no hook handler), closing the connection. */
function refuse(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string>) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...headers,
    connection: 'close',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Node answers two kinds of request itself, in plain text and without our headers: an
 * `Expect` other than `100-continue` (417) and HTTP/1.1 without `Host` (400, when
 * `requireHostHeader` is on). The server is created with `requireHostHeader: false` and this
 * listener refuses those requests as every other refusal is made: JSON, with `headers` (the
 * hook isolation headers, since the URL may be a hook URL).
 */
export function withRequestFraming(listener: RequestListener, headers: Record<string, string>): RequestListener {
  return (req, res) => {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      req.resume();
      refuse(res, 400, 'host_required', 'an HTTP/1.1 request must carry a Host header', headers);
      return;
    }
    listener(req, res);
  };
}

/** Options Node needs for `withRequestFraming` to see requests without `Host`. */
export const FRAMING_SERVER_OPTIONS = { requireHostHeader: false } as const;

/**
 * `headers` go on every reply written here: the hook isolation headers (the connection may be
 * a hook URL's, and its URL is not known when the parser gave up).
 */
function untrack(this: ServerResponse): void {
  // `res.socket` is already detached by then; the request keeps its socket.
  (this.req?.socket as TrackedSocket | undefined)?.[IN_FLIGHT]?.delete(this);
}

export function installClientErrorHandler(server: Server, logger: Logger, headers: Record<string, string>): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const expect = String(req.headers.expect ?? '').slice(0, 100);
    refuse(res, 417, 'expectation_failed', `unsupported Expect: "${expect}" (only 100-continue)`, headers);
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as TrackedSocket;
    let set = socket[IN_FLIGHT];
    if (!set) {
      set = new Set();
      socket[IN_FLIGHT] = set;
    }
    set.add(res);
    // 'close' follows 'finish' and also fires when the connection dies first. One shared
    // listener, not a closure per request: this runs on every request of the hot path.
    res.on('close', untrack);
  });

  server.on('clientError', (err: NodeJS.ErrnoException, raw: Socket) => {
    const socket = raw as TrackedSocket;
    // The parser may report again for the bytes that follow; one decision per connection.
    if (socket[HANDLED]) return;
    socket[HANDLED] = true;
    // Nothing more is read from a connection whose framing is lost.
    socket.pause();
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable) {
      socket.destroy();
      return;
    }
    const pending = [...(socket[IN_FLIGHT] ?? [])].filter((res) => !res.writableFinished);
    // A request whose body was complete is answered by its own handler (its outcome is what
    // was stored); only then is the connection closed. A request cut off mid-body never
    // reaches a commit, so the parse error is its answer.
    const answered = pending.filter((res) => res.headersSent || res.req.complete);
    if (answered.length > 0) {
      logger.debug({ code: err.code }, 'malformed bytes after a request; closing after its answer');
      let left = answered.length;
      const close = () => {
        if (--left === 0) socket.destroy();
      };
      for (const res of answered) res.once('close', close);
      // Only the last answer may say so: Node ends the connection after a response marked
      // `connection: close`, and pipelined answers queued behind it would be lost.
      const last = answered[answered.length - 1];
      if (!last.headersSent) last.setHeader('connection', 'close');
      return;
    }
    socket.end(errorResponse(err, headers), () => socket.destroy());
  });
}

// What a connection is told when Node's HTTP parser gives up on it. Node's default writes
// `400 Bad Request` at once, even when a complete request on the same connection is still
// being handled: bytes after a declared body (`Content-Length: 2` then `{}GARBAGE`) made
// the caller read "400" while that request's execution was committed. Here the request in
// flight gets its own answer first and the connection is closed after it; a parse error
// with nothing in flight is answered with a JSON error like every other refusal.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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

function errorResponse(err: NodeJS.ErrnoException): string {
  const [status, code, message] = STATUS_BY_CODE[err.code ?? ''] ?? [
    400,
    'malformed_request',
    'the request is not valid HTTP/1.1',
  ];
  const body = JSON.stringify({ error: { code, message, details: { reason: err.code ?? 'unknown' } } });
  return (
    `HTTP/1.1 ${status} ${REASON[status]}\r\nconnection: close\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

export function installClientErrorHandler(server: Server, logger: Logger): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as TrackedSocket;
    let set = socket[IN_FLIGHT];
    if (!set) {
      set = new Set();
      socket[IN_FLIGHT] = set;
    }
    set.add(res);
    // 'close' follows 'finish' and also fires when the connection dies first.
    res.once('close', () => set.delete(res));
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
    socket.end(errorResponse(err), () => socket.destroy());
  });
}

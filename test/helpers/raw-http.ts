// Raw HTTP/1.1 over a TCP socket: for requests no HTTP client will send (bytes after the
// declared body, truncated bodies, broken chunking, odd header values) and for seeing
// exactly which responses a connection carries before it closes.
import net from 'node:net';

export type RawResponse = { status: number; headers: Record<string, string>; body: string };

export type RawExchange = {
  /** Every complete response read from the connection, in order. */
  responses: RawResponse[];
  /** True when the server closed the connection (rather than the timeout ending the read). */
  closedByServer: boolean;
  /** Bytes that did not form a complete response. */
  rest: string;
};

/** Splits a byte stream into HTTP/1.1 responses framed by Content-Length (all ours are). */
export function parseResponses(data: Buffer): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = [];
  let text = data.toString('latin1');
  for (;;) {
    const head = text.indexOf('\r\n\r\n');
    if (head < 0) break;
    const lines = text.slice(0, head).split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (text.length < head + 4 + length) break;
    const body = Buffer.from(text.slice(head + 4, head + 4 + length), 'latin1').toString('utf8');
    responses.push({ status, headers, body });
    text = text.slice(head + 4 + length);
  }
  return { responses, rest: text };
}

/**
 * Writes `chunks` (with `gapMs` between them), then reads until the server closes the
 * connection, `expect` responses have arrived (and `expectClose` is false), or `timeoutMs`.
 * `halfClose` ends our side after writing; `abortAfterWrite` resets the connection instead.
 */
export function rawExchange(
  port: number,
  chunks: (string | Buffer)[],
  opts: { timeoutMs?: number; gapMs?: number; halfClose?: boolean; abortAfterWrite?: boolean; expect?: number } = {},
): Promise<RawExchange> {
  const { timeoutMs = 5000, gapMs = 0, halfClose = false, abortAfterWrite = false, expect } = opts;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponses(Buffer.concat(received)), closedByServer });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d: Buffer) => {
      received.push(d);
      if (expect !== undefined && parseResponses(Buffer.concat(received)).responses.length >= expect) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (abortAfterWrite) {
        socket.resetAndDestroy();
        finish(false);
      } else if (halfClose) socket.end();
    });
  });
}

/** A request as raw bytes; `body` is sent as is and Content-Length is set unless given. */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer = '',
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const all = { host: '127.0.0.1', ...headers };
  const hasLength = Object.keys(all).some(
    (k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding',
  );
  if (!hasLength) (all as Record<string, string>)['content-length'] = String(bytes.length);
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

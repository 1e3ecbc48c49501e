// Outbound HTTP through undici's dispatch API (dispatch-request.ts), against a real server:
// discarding an unread body (redirects, refusals, error answers) must not raise an uncaught
// error (in a server that is a crash), a body is bounded while it arrives, aborts end the
// call with their own reason, and repeated headers and encodings read as fetch read them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../server/nodes/outbound/dispatch-request.ts';
import { MAX_RESPONSE_BYTES } from '../../../server/nodes/outbound/outbound-response.ts';

let server: http.Server;
let origin: string;
const agent = new Agent({ keepAliveTimeout: 1000 });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    switch (req.url) {
      case '/moved':
        // A short answer nobody reads, such as a redirect's body: complete, its end never consumed.
        res.writeHead(302, { location: '/elsewhere', 'content-type': 'text/plain' });
        return res.end('moved');
      case '/endless': {
        // A body that keeps coming until the client goes away.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (res.write(chunk)) {}
        };
        res.on('drain', pump);
        return pump();
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part');
        return; // never ends
      case '/headers':
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('x-one', 'v');
        return res.end('ok');
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        return res.end(gzipSync('hello there'));
      case '/echo': {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString(), type: req.headers['x-type'] }),
          );
        });
        return;
      }
      default:
        res.writeHead(204);
        res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const send = (path: string, extra: { signal?: AbortSignal; method?: string; body?: string } = {}) =>
  dispatchRequest(agent, { origin, path, method: extra.method ?? 'GET', headers: { 'x-type': 't' }, ...extra });

describe('outbound request', () => {
  it('sends the body and headers and reads the answer', async () => {
    const res = await send('/echo', { method: 'POST', body: 'payload' });
    expect(res.status).toBe(201);
    expect(JSON.parse(await res.text())).toEqual({ method: 'POST', body: 'payload', type: 't' });
  });

  it('cancels unread bodies, finished or still arriving, without an uncaught error', async () => {
    const uncaught: unknown[] = [];
    const onError = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    try {
      for (let i = 0; i < 5; i++) {
        const moved = await send('/moved');
        expect(moved.status).toBe(302);
        await moved.body?.cancel();
        const slow = await send('/slow');
        await slow.body?.cancel();
        await expect(slow.text()).rejects.toThrow(/aborted/);
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    }
    expect(uncaught).toEqual([]);
  });

  it('stops reading a body past the limit', async () => {
    const res = await send('/endless');
    await expect(res.arrayBuffer()).rejects.toMatchObject({
      code: 'response_too_large',
      message: expect.stringContaining(String(MAX_RESPONSE_BYTES)),
    });
  });

  it('ends with the abort reason, before the head or while the body arrives', async () => {
    const early = new AbortController();
    early.abort(new Error('gave up early'));
    await expect(send('/echo', { signal: early.signal })).rejects.toThrow('gave up early');

    const late = new AbortController();
    const res = await send('/slow', { signal: late.signal });
    const body = res.text();
    late.abort(new Error('timed out'));
    await expect(body).rejects.toThrow('timed out');
  });

  it('joins repeated headers as fetch does, undoes gzip, and has no body for a 204', async () => {
    const h = await send('/headers');
    expect(h.headers.get('Set-Cookie')).toBe('a=1, b=2');
    expect(h.headers.get('x-one')).toBe('v');
    const seen: string[] = [];
    h.headers.forEach((_v, k) => {
      seen.push(k);
    });
    expect(seen).toContain('set-cookie');
    expect(await (await send('/gzip')).text()).toBe('hello there');
    const empty = await send('/nothing');
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });
});

// Discarding an unread response body (redirects, refusals, error answers) must not raise an
// uncaught AbortError from undici's body stream: in a server that is a crash.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundResponse } from '../../../server/nodes/outbound/outbound-response.ts';

let server: http.Server;
let url: string;

beforeAll(async () => {
  // A short answer nobody reads, such as a redirect's body: complete, its end never consumed.
  server = http.createServer((_req, res) => {
    res.writeHead(302, { location: '/elsewhere', 'content-type': 'text/plain' });
    res.end('moved');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise((r) => server.close(r)));

describe('outbound response body', () => {
  it('cancels an unread body without an uncaught error', async () => {
    const uncaught: unknown[] = [];
    const onError = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 5; i++) {
        const res = outboundResponse(await request(url));
        await res.body?.cancel();
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(uncaught).toEqual([]);
  });
});

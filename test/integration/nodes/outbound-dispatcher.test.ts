// http.request rides undici's dispatcher API instead of fetch; what a receiver sees and what
// a step records must not change with it: compressed answers are decoded, repeated headers
// joined, the step timeout still cuts a hanging server off (retryably), an empty 204 parses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { runWorkflow, step } from './flow-helpers.ts';

describe('http.request over the dispatcher API', () => {
  let hf: TestHookflow;
  let server: http.Server;
  let base: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    hf = await startHookflow({ SSRF_ALLOW: '127.0.0.1' });
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/gzip') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync(JSON.stringify({ packed: true, n: 42 })));
        } else if (req.url === '/br-deflate') {
          // Two codings, applied in order: raw deflate, then brotli.
          res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'deflate, br' });
          res.end(brotliCompressSync(deflateRawSync('twice packed')));
        } else if (req.url === '/bomb') {
          // 20 MB of zeros in about 20 kB.
          res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
          res.end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
        } else if (req.url === '/cookies') {
          res.setHeader('set-cookie', ['a=1', 'b=2']);
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        } else if (req.url === '/empty') {
          res.writeHead(204).end();
        } else if (req.url === '/hang') {
          // Never answers: the step's timeout must end the call.
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hf.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('decodes a gzip answer and sends the body with its length and the default headers', async () => {
    const exec = await runWorkflow(hf, {
      id: 'dispatch-gzip',
      steps: [{ id: 'call', type: 'http.request', params: { method: 'POST', url: `${base}/gzip`, body: { a: 1 } } }],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'call').output).toMatchObject({ status: 200, body: { packed: true, n: 42 } });
    const req = seen.find((s) => s.body === '{"a":1}');
    expect(req?.headers['content-length']).toBe('7');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toBe(`${exec.id}:call`);
    expect(req?.headers.accept).toBe('*/*');
  });

  it('undoes stacked codings, and refuses a compression bomb without inflating it whole', async () => {
    const exec = await runWorkflow(hf, {
      id: 'dispatch-codings',
      steps: [
        { id: 'twice', type: 'http.request', params: { url: `${base}/br-deflate` } },
        { id: 'bomb', type: 'http.request', params: { url: `${base}/bomb` }, retry: { attempts: 3, delay: '10ms' } },
      ],
      edges: [
        { from: 'trigger', to: 'twice' },
        { from: 'twice', to: 'bomb' },
      ],
    });
    expect(step(exec, 'twice').output.body).toBe('twice packed');
    expect(exec.status).toBe('failed');
    expect(step(exec, 'bomb').error.code).toBe('response_too_large');
    expect(step(exec, 'bomb').attempt).toBe(1);
  });

  it('joins repeated response headers and records an empty 204', async () => {
    const exec = await runWorkflow(hf, {
      id: 'dispatch-headers',
      steps: [
        { id: 'cookies', type: 'http.request', params: { url: `${base}/cookies` } },
        { id: 'empty', type: 'http.request', params: { method: 'DELETE', url: `${base}/empty` } },
      ],
      edges: [
        { from: 'trigger', to: 'cookies' },
        { from: 'cookies', to: 'empty' },
      ],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'cookies').output.headers['set-cookie']).toBe('a=1, b=2');
    expect(step(exec, 'cookies').output.body).toBe('ok');
    expect(step(exec, 'empty').output).toMatchObject({ status: 204, body: '' });
  });

  it('a hanging server is cut off by the request timeout, and the attempt is retried', async () => {
    const exec = await runWorkflow(hf, {
      id: 'dispatch-timeout',
      steps: [
        {
          id: 'call',
          type: 'http.request',
          params: { url: `${base}/hang`, timeout: '300ms' },
          retry: { attempts: 2, delay: '10ms' },
        },
      ],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(exec.status).toBe('failed');
    expect(step(exec, 'call').attempt).toBe(2);
  });
});

// Issue 10 item 3: what a connection is told when Node's HTTP parser fails on it must match
// what is stored. Raw sockets, because no HTTP client sends bytes after a declared body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, rawRequest } from '../../helpers/raw-http.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, workflowDoc } from './trigger-helpers.ts';

describe('HTTP parse errors (clientError)', () => {
  let hf: TestHookflow;
  let path: string;
  let port: number;
  beforeAll(async () => {
    hf = await startHookflow();
    const { url } = await createWorkflow(hf, workflowDoc('framing', {}));
    path = new URL(url).pathname;
    port = hf.port as number;
  });
  afterAll(async () => {
    await hf.close();
  });

  const json = { 'content-type': 'application/json' };

  it('bytes after the declared body: the request gets its own 202, then the connection closes', async () => {
    const before = await countExecutions(hf, 'framing');
    const bytes = Buffer.concat([
      rawRequest('POST', path, { ...json, 'content-length': '2' }),
      Buffer.from('{}GARBAGE\r\n\r\n'),
    ]);
    const ex = await rawExchange(port, [bytes], { timeoutMs: 10_000 });
    expect(ex.closedByServer).toBe(true);
    expect(ex.responses.map((r) => r.status)).toEqual([202]);
    const { executionId } = JSON.parse(ex.responses[0].body);
    expect((await hf.api(`/api/executions/${executionId}`)).status).toBe(200);
    expect(await countExecutions(hf, 'framing')).toBe(before + 1);
  });

  it('pipelined requests before the garbage are all answered, in order, before the close', async () => {
    const before = await countExecutions(hf, 'framing');
    const one = rawRequest('POST', path, json, '{"n":1}');
    const two = rawRequest('POST', path, json, '{"n":2}');
    const ex = await rawExchange(port, [Buffer.concat([one, two, Buffer.from('NOT HTTP\r\n\r\n')])], {
      timeoutMs: 10_000,
    });
    expect(ex.responses.map((r) => r.status)).toEqual([202, 202]);
    expect(ex.closedByServer).toBe(true);
    expect(await countExecutions(hf, 'framing')).toBe(before + 2);
  });

  it('garbage with no request in flight → 400 with the JSON error body; nothing stored', async () => {
    const before = await countExecutions(hf, 'framing');
    const ex = await rawExchange(port, ['GARBAGE\r\n\r\n'], { timeoutMs: 5000 });
    expect(ex.responses).toHaveLength(1);
    const [res] = ex.responses;
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'malformed_request', message: expect.any(String) });
    expect(ex.closedByServer).toBe(true);
    expect(await countExecutions(hf, 'framing')).toBe(before);
  });

  it('after a finished keep-alive request, garbage is answered 400 JSON on the same connection', async () => {
    const ok = rawRequest('POST', path, json, '{"keep":1}');
    const ex = await rawExchange(port, [ok, 'x\r\n\r\n'], { gapMs: 300, timeoutMs: 5000 });
    expect(ex.responses.map((r) => r.status)).toEqual([202, 400]);
    expect(JSON.parse(ex.responses[1].body).error.code).toBe('malformed_request');
  });

  it('oversized headers → 431 headers_too_large; broken chunked framing mid-body → 400, nothing stored', async () => {
    const before = await countExecutions(hf, 'framing');
    const huge = await rawExchange(port, [rawRequest('POST', path, { ...json, 'x-pad': 'a'.repeat(40_000) }, '{}')]);
    expect(huge.responses.map((r) => r.status)).toEqual([431]);
    expect(JSON.parse(huge.responses[0].body).error.code).toBe('headers_too_large');
    const chunked = rawRequest('POST', path, { ...json, 'transfer-encoding': 'chunked' }, '2\r\n{}\r\nZZ\r\n');
    const bad = await rawExchange(port, [chunked]);
    expect(bad.responses.map((r) => r.status)).toEqual([400]);
    expect(JSON.parse(bad.responses[0].body).error.code).toBe('malformed_request');
    expect(await countExecutions(hf, 'framing')).toBe(before);
  });

  // Replies Node would write itself, in plain text and without the hook isolation headers.
  const isolated = (headers: Record<string, string>) => {
    expect(headers['content-security-policy']).toMatch(/^sandbox/);
    expect(headers['x-content-type-options']).toBe('nosniff');
  };

  it('parse-error replies carry the hook isolation headers', async () => {
    const ex = await rawExchange(port, ['GARBAGE\r\n\r\n'], { timeoutMs: 5000 });
    expect(ex.responses.map((r) => r.status)).toEqual([400]);
    isolated(ex.responses[0].headers);
  });

  it('an unknown Expect → 417 JSON with isolation headers; nothing stored', async () => {
    const before = await countExecutions(hf, 'framing');
    const ex = await rawExchange(port, [rawRequest('POST', path, { ...json, expect: 'teapot' }, '{}')], {
      timeoutMs: 5000,
    });
    expect(ex.responses.map((r) => r.status)).toEqual([417]);
    expect(ex.responses[0].headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(ex.responses[0].body).error.code).toBe('expectation_failed');
    isolated(ex.responses[0].headers);
    expect(await countExecutions(hf, 'framing')).toBe(before);
  });

  it('HTTP/1.1 without Host → 400 JSON with isolation headers; HTTP/1.0 without Host still works', async () => {
    const before = await countExecutions(hf, 'framing');
    const noHost = (version: string) =>
      Buffer.from(
        `POST ${path} HTTP/${version}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`,
        'latin1',
      );
    const ex = await rawExchange(port, [noHost('1.1')], { timeoutMs: 5000 });
    expect(ex.responses.map((r) => r.status)).toEqual([400]);
    expect(JSON.parse(ex.responses[0].body).error.code).toBe('host_required');
    isolated(ex.responses[0].headers);
    expect(await countExecutions(hf, 'framing')).toBe(before);
    const old = await rawExchange(port, [noHost('1.0')], { timeoutMs: 5000 });
    expect(old.responses.map((r) => r.status)).toEqual([202]);
    expect(await countExecutions(hf, 'framing')).toBe(before + 1);
  });

  it('a body trickled slower than REQUEST_TIMEOUT_MS → 408 JSON, isolated, nothing stored', async () => {
    const slow = await startHookflow({ REQUEST_TIMEOUT_MS: '1000' });
    try {
      const { url } = await createWorkflow(slow, workflowDoc('slow', {}));
      const head = rawRequest('POST', new URL(url).pathname, { ...json, 'content-length': '100' }, '{"a":');
      // Half the body, then silence: the sender never finishes.
      const ex = await rawExchange(slow.port as number, [head], { timeoutMs: 15_000 });
      expect(ex.responses.map((r) => r.status)).toEqual([408]);
      expect(JSON.parse(ex.responses[0].body).error.code).toBe('request_timeout');
      isolated(ex.responses[0].headers);
      expect(ex.closedByServer).toBe(true);
      expect(await countExecutions(slow, 'slow')).toBe(0);
    } finally {
      await slow.close();
    }
  }, 30_000);
});

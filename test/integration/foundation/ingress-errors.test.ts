// Every way a webhook can be refused: the status, the error code, and that nothing was
// stored (no execution, no queue job).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';

const doc = {
  id: 'ingress',
  name: 'Ingress',
  trigger: { type: 'webhook', methods: ['POST', 'PUT'] },
  steps: [{ id: 'echo', type: 'transform', params: { expression: 'trigger.body' } }],
  edges: [{ from: 'trigger', to: 'echo' }],
};

describe('ingress refusals', () => {
  let hf: TestHookflow;
  let url: string;
  beforeAll(async () => {
    hf = await startHookflow({ BODY_LIMIT: '1kb' });
    const { body } = await hf.api('/api/workflows', { body: doc });
    url = body.triggerUrl;
  });
  afterAll(() => hf?.close());

  let countBefore = 0;
  beforeEach(async () => {
    countBefore = (await hf.store.listExecutions({ limit: 1000 })).items.length;
  });
  const expectNothingStored = async () => {
    expect((await hf.store.listExecutions({ limit: 1000 })).items.length).toBe(countBefore);
    expect((await hf.queue.stats()).waiting).toBe(0);
  };
  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    await expectNothingStored();
    return body;
  };

  it('unknown token → 404 trigger_not_found', async () => {
    await expectError(
      await fetch(`${hf.url}/hooks/not-a-real-token`, { method: 'POST', body: '{}' }),
      404,
      'trigger_not_found',
    );
  });

  it('inactive workflow → 404 trigger_not_found, and active again → 202', async () => {
    await hf.api('/api/workflows/ingress/deactivate', { method: 'POST' });
    await expectError(await fetch(url, { method: 'POST', body: '{}' }), 404, 'trigger_not_found');
    await hf.api('/api/workflows/ingress/activate', { method: 'POST' });
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(202);
  });

  it('rotated token: the old URL → 404', async () => {
    const { body } = await hf.api('/api/workflows/ingress/rotate-token', { method: 'POST' });
    expect(body.triggerUrl).not.toBe(url);
    await expectError(await fetch(url, { method: 'POST', body: '{}' }), 404, 'trigger_not_found');
    url = body.triggerUrl;
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a": ' });
    await expectError(res, 400, 'invalid_json');
  });

  it('body over the limit → 413 payload_too_large (declared and streamed)', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(2000) });
    await expectError(
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }),
      413,
      'payload_too_large',
    );
    // Chunked, without Content-Length: the limit is enforced while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(600)));
        controller.close();
      },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, 'payload_too_large');
  });

  it('method not allowed → 405 with Allow', async () => {
    const res = await fetch(url, { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('POST, PUT');
    await expectError(res, 405, 'method_not_allowed');
  });

  it('accepts JSON, form and text bodies, redacting credential headers', async () => {
    const send = async (contentType: string, body: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: 'Bearer s3cret' },
        body,
      });
      expect(res.status).toBe(202);
      const { executionId } = await res.json();
      return (await hf.store.getExecution(executionId))!.trigger;
    };
    expect((await send('application/json', '{"a":[1,2]}')).body).toEqual({ a: [1, 2] });
    expect((await send('application/x-www-form-urlencoded', 'a=1&tag=x&tag=y')).body).toEqual({
      a: '1',
      tag: ['x', 'y'],
    });
    const text = await send('text/plain; charset=utf-8', 'hello');
    expect(text.body).toBe('hello');
    expect(text.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(text)).not.toContain('s3cret');
  });
});

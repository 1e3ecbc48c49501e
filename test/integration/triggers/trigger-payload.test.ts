// Parsing and validation through the real server: JSON Schema by pointer, malformed bodies,
// XML mapping, multipart fields and files, method and size limits. Nothing is stored on error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

describe('trigger payloads', () => {
  let hf: TestHookflow;
  let schemaUrl: string;
  let plainUrl: string;
  beforeAll(async () => {
    hf = await startHookflow({ BODY_LIMIT: '64kb' });
    ({ url: schemaUrl } = await createWorkflow(
      hf,
      workflowDoc('schema', {
        schema: {
          type: 'object',
          required: ['id', 'email'],
          properties: {
            id: { type: 'integer' },
            email: { type: 'string', format: 'email' },
            items: { type: 'array', items: { type: 'object', required: ['sku'] } },
          },
        },
      }),
    ));
    ({ url: plainUrl } = await createWorkflow(hf, workflowDoc('plain', { methods: ['POST', 'PUT'] })));
  });
  afterAll(async () => {
    await hf.close();
  });

  it('a body matching the schema is accepted', async () => {
    const res = await post(schemaUrl, JSON.stringify({ id: 1, email: 'a@example.com', items: [{ sku: 'x' }] }));
    expect(res.status).toBe(202);
  });

  it('a mismatch → 400 payload_invalid listing every error by JSON pointer; nothing stored', async () => {
    const before = await countExecutions(hf, 'schema');
    const res = await post(schemaUrl, JSON.stringify({ id: 'one', email: 'not-an-email', items: [{}] }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('payload_invalid');
    const pointers = res.body.error.details.map((d: { pointer: string }) => d.pointer).sort();
    expect(pointers).toEqual(['/email', '/id', '/items/0/sku']);
    expect(await countExecutions(hf, 'schema')).toBe(before);
  });

  it('malformed JSON → 400 invalid_json; malformed XML → 400 invalid_xml; nothing stored', async () => {
    const json = await post(plainUrl, '{"a":');
    expect([json.status, json.body.error.code]).toEqual([400, 'invalid_json']);
    const xml = await post(plainUrl, '<order><id>1</order>', { 'content-type': 'application/xml' });
    expect([xml.status, xml.body.error.code]).toEqual([400, 'invalid_xml']);
    const multipart = await post(plainUrl, 'garbage', { 'content-type': 'multipart/form-data' });
    expect([multipart.status, multipart.body.error.code]).toEqual([400, 'invalid_multipart']);
    expect(await countExecutions(hf, 'plain')).toBe(0);
  });

  it('a wrong method → 405 with Allow; too large → 413; nothing stored', async () => {
    const res = await post(plainUrl, '{}', {}, 'DELETE');
    expect([res.status, res.body.error.code]).toEqual([405, 'method_not_allowed']);
    expect(res.headers.get('allow')).toBe('POST, PUT');
    const big = await post(plainUrl, JSON.stringify({ pad: 'x'.repeat(70 * 1024) }));
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
    expect(await countExecutions(hf, 'plain')).toBe(0);
  });

  it('XML becomes JSON: attributes as @_name, repeated elements as arrays, values as strings', async () => {
    const xml =
      '<?xml version="1.0"?><order id="42"><zip>00123</zip><item sku="a">Tea</item><item sku="b">Cup</item><note>a &amp; b</note></order>';
    const res = await post(plainUrl, xml, { 'content-type': 'text/xml; charset=utf-8' });
    expect(res.status).toBe(202);
    const exec = await waitForExecution(hf, res.body.executionId);
    expect(exec.trigger.body).toEqual({
      order: {
        '@_id': '42',
        zip: '00123',
        item: [
          { '@_sku': 'a', '#text': 'Tea' },
          { '@_sku': 'b', '#text': 'Cup' },
        ],
        note: 'a & b',
      },
    });
  });

  it('multipart: fields in the body, files referenced and stored base64', async () => {
    const form = new FormData();
    form.append('name', 'Ada');
    form.append('tag', 'a');
    form.append('tag', 'b');
    form.append('invoice', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'inv.pdf');
    const res = await fetch(plainUrl, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const exec = await waitForExecution(hf, (await res.json()).executionId);
    expect(exec.trigger.body).toEqual({
      name: 'Ada',
      tag: ['a', 'b'],
      invoice: { file: 0, filename: 'inv.pdf', contentType: 'application/pdf', size: 14 },
    });
    expect(exec.trigger.files[0]).toMatchObject({ field: 'invoice', truncated: false, size: 14 });
    expect(Buffer.from(exec.trigger.files[0].base64, 'base64').toString()).toBe('%PDF-1.4 hello');
  });

  it('form, text and binary bodies; rawBody only when asked for', async () => {
    const form = await post(plainUrl, 'a=1&b=2&b=3', { 'content-type': 'application/x-www-form-urlencoded' });
    expect((await waitForExecution(hf, form.body.executionId)).trigger.body).toEqual({ a: '1', b: ['2', '3'] });
    const bin = await post(plainUrl, 'PNGDATA', { 'content-type': 'image/png' });
    const exec = await waitForExecution(hf, bin.body.executionId);
    expect(exec.trigger.body).toEqual({
      base64: Buffer.from('PNGDATA').toString('base64'),
      contentType: 'image/png',
      size: 7,
    });
    expect(exec.trigger.rawBody).toBeUndefined();
    const { url } = await createWorkflow(hf, workflowDoc('raw', { rawBody: true }));
    const raw = await post(url, '{"x": 1}');
    const rawExec = await waitForExecution(hf, raw.body.executionId);
    expect(Buffer.from(rawExec.trigger.rawBody, 'base64').toString()).toBe('{"x": 1}');
  });
});

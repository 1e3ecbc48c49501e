// Issue 10 item 7: what a sender sends is stored as sent, or refused with a code — never
// silently changed. Through the real server; every refusal stores nothing.
import { createHmac } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { countExecutions, createWorkflow, memorySecrets, workflowDoc } from './trigger-helpers.ts';

describe('no silent changes at ingress', () => {
  let hf: TestHookflow;
  let url: string;
  let signedUrl: string;
  beforeAll(async () => {
    hf = await startHookflow(
      { BODY_LIMIT: '64kb' },
      { secrets: memorySecrets({ gh: { type: 'hmac', data: { secret: 's' } } }) },
    );
    ({ url } = await createWorkflow(hf, workflowDoc('plain', {})));
    ({ url: signedUrl } = await createWorkflow(
      hf,
      workflowDoc('signed', { auth: { type: 'hmac', preset: 'github', credential: 'gh' } }),
    ));
  });
  afterAll(async () => {
    await hf.close();
  });

  const send = async (body: string | Buffer, headers: Record<string, string>, target = url) => {
    const res = await fetch(target, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, body: await res.json() };
  };
  /** Accepted, and the execution holds exactly `expected` as trigger.body. */
  const stored = async (res: { status: number; body: any }, expected: unknown) => {
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const exec = await waitForExecution(hf, res.body.executionId);
    expect(exec.trigger.body).toEqual(expected);
  };
  const refused = async (res: { status: number; body: any }, status: number, code: string) => {
    const before = await countExecutions(hf, 'plain');
    expect([res.status, res.body.error?.code], JSON.stringify(res.body)).toEqual([status, code]);
    expect(typeof res.body.error.message).toBe('string');
    expect(await countExecutions(hf, 'plain')).toBe(before);
  };

  it('multipart and forms with more than 1,000 fields → 413 too_many_fields (1,000 are kept whole)', async () => {
    const part = (i: number) => `--XX\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv${i}\r\n`;
    const multipart = (n: number) => `${Array.from({ length: n }, (_, i) => part(i)).join('')}--XX--\r\n`;
    const mp = { 'content-type': 'multipart/form-data; boundary=XX' };
    await refused(await send(multipart(1001), mp), 413, 'too_many_fields');
    const form = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=v${i}`).join('&');
    const fm = { 'content-type': 'application/x-www-form-urlencoded' };
    await refused(await send(form(1001), fm), 413, 'too_many_fields');
    const all = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, `v${i}`]));
    await stored(await send(multipart(1000), mp), all);
    await stored(await send(form(1000), fm), all);
  });

  it('multipart field names and filenames in UTF-8 are kept as sent', async () => {
    const body =
      '--XX\r\nContent-Disposition: form-data; name="fé"; filename="café.txt"\r\n\r\nhi\r\n' +
      '--XX\r\nContent-Disposition: form-data; name="n"\r\n\r\nvalé\r\n--XX--\r\n';
    await stored(await send(body, { 'content-type': 'multipart/form-data; boundary=XX' }), {
      fé: { file: 0, filename: 'café.txt', contentType: 'text/plain', size: 2 },
      n: 'valé',
    });
  });

  it('text/json and every */json or *+json type is parsed as JSON', async () => {
    for (const type of ['text/json', 'application/json', 'application/vnd.api+json']) {
      await stored(await send('{"a":[1,"b"]}', { 'content-type': `${type}; charset=utf-8` }), { a: [1, 'b'] });
    }
  });

  it('XML character references are decoded; illegal ones → 400 invalid_xml', async () => {
    await stored(
      await send('<p><n>caf&#233; &#x41;&#x1F600;</n><m>&amp;#65;</m></p>', { 'content-type': 'application/xml' }),
      {
        p: { n: 'café A😀', m: '&#65;' },
      },
    );
    await refused(await send('<p>&#0;</p>', { 'content-type': 'application/xml' }), 400, 'invalid_xml');
  });

  it('gzip, deflate and br bodies are decoded; JSON and forms alike', async () => {
    const json = { 'content-type': 'application/json' };
    await stored(await send(gzipSync('{"z":"gzip"}'), { ...json, 'content-encoding': 'gzip' }), { z: 'gzip' });
    await stored(await send(deflateSync('{"z":"deflate"}'), { ...json, 'content-encoding': 'deflate' }), {
      z: 'deflate',
    });
    await stored(await send(brotliCompressSync('{"z":"br"}'), { ...json, 'content-encoding': 'br' }), { z: 'br' });
    await stored(
      await send(gzipSync('a=1&b=2'), {
        'content-type': 'application/x-www-form-urlencoded',
        'content-encoding': 'gzip',
      }),
      { a: '1', b: '2' },
    );
  });

  it('a zip bomb → 413 payload_too_large; bad gzip → 400 invalid_encoding; unknown coding → 415', async () => {
    const json = { 'content-type': 'application/json' };
    const bomb = gzipSync(Buffer.from(`{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await refused(await send(bomb, { ...json, 'content-encoding': 'gzip' }), 413, 'payload_too_large');
    await refused(await send('{"not":"gzip"}', { ...json, 'content-encoding': 'gzip' }), 400, 'invalid_encoding');
    await refused(await send('{}', { ...json, 'content-encoding': 'compress' }), 415, 'unsupported_encoding');
  });

  it('HMAC is verified on the bytes as sent, before decoding', async () => {
    const zipped = gzipSync('{"signed":true}');
    const headers = {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'x-hub-signature-256': `sha256=${createHmac('sha256', 's').update(zipped).digest('hex')}`,
    };
    const res = await send(zipped, headers, signedUrl);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitForExecution(hf, res.body.executionId)).trigger.body).toEqual({ signed: true });
    const overPlain = `sha256=${createHmac('sha256', 's').update('{"signed":true}').digest('hex')}`;
    const wrong = await send(zipped, { ...headers, 'x-hub-signature-256': overPlain }, signedUrl);
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'signature_invalid']);
  });

  it('a UTF-8 byte order mark before JSON is accepted, as /api accepts it', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":1}')]);
    await stored(await send(bom, { 'content-type': 'application/json' }), { bom: 1 });
  });

  it('numbers beyond double range → 400 number_out_of_range (not null); big-but-finite ones pass', async () => {
    const json = { 'content-type': 'application/json' };
    await refused(await send('{"n":1e400}', json), 400, 'number_out_of_range');
    await refused(await send(`{"n":-${'9'.repeat(400)}}`, json), 400, 'number_out_of_range');
    await stored(await send('{"n":1.7e308,"s":"1e400","t":-2.5E-3}', json), { n: 1.7e308, s: '1e400', t: -0.0025 });
  });
});

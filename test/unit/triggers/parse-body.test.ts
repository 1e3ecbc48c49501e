import { describe, expect, it } from 'vitest';
import { parseBody } from '../../../server/triggers/parse-body.ts';

const b = (s: string) => Buffer.from(s);

describe('parseBody', () => {
  it('parses by content type', async () => {
    expect((await parseBody(b('{"a":1}'), 'application/json; charset=utf-8')).body).toEqual({ a: 1 });
    expect((await parseBody(b('{"a":1}'), 'application/vnd.api+json')).body).toEqual({ a: 1 });
    expect((await parseBody(b('a=1&a=2&b=%20x'), 'application/x-www-form-urlencoded')).body).toEqual({
      a: ['1', '2'],
      b: ' x',
    });
    expect((await parseBody(b('hi'), 'text/plain')).body).toBe('hi');
    expect((await parseBody(b('[1]'), undefined)).body).toEqual([1]);
    expect(await parseBody(Buffer.alloc(0), 'application/json')).toEqual({ body: null, kind: 'empty' });
    expect((await parseBody(Buffer.from([1, 2, 3]), 'application/octet-stream')).body).toEqual({
      base64: 'AQID',
      contentType: 'application/octet-stream',
      size: 3,
    });
  });

  it('refuses malformed JSON with invalid_json', async () => {
    await expect(parseBody(b('{'), 'application/json')).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('checks character references only where they are markup: not in CDATA, comments or PIs', async () => {
    const xml = async (s: string) => (await parseBody(b(s), 'application/xml')).body;
    expect(await xml('<a><![CDATA[x &#0; y]]></a>')).toEqual({ a: 'x &#0; y' });
    expect(await xml('<a><!-- &#0; -->v</a>')).toEqual({ a: 'v' });
    expect(await xml('<a><?pi &#x1; ?>v</a>')).toEqual({ a: 'v' });
    expect(await xml('<a>caf&#233;<![CDATA[&#0;]]></a>')).toEqual({ a: 'café&#0;' });
    // Outside them a reference to a non-character is still refused, also after a CDATA section.
    for (const bad of ['<a>&#0;</a>', '<a><![CDATA[ok]]>&#x1;</a>', '<a t="&#0;"/>']) {
      await expect(parseBody(b(bad), 'text/xml')).rejects.toMatchObject({ status: 400, code: 'invalid_xml' });
    }
    // Many unterminated openers stay linear (a lazy regular expression here would be quadratic).
    const started = performance.now();
    await expect(parseBody(b(`<a>${'<!--'.repeat(250_000)}`), 'text/xml')).rejects.toMatchObject({ status: 400 });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('maps XML per the documented rules and bounds entity expansion', async () => {
    const parsed = await parseBody(b('<a x="1"><b>2</b><b>3</b><c>t<d/></c></a>'), 'application/atom+xml');
    expect(parsed).toEqual({ kind: 'xml', body: { a: { '@_x': '1', b: ['2', '3'], c: { '#text': 't', d: '' } } } });
    const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "${'x'.repeat(5000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;&c;&c;&c;&c;</l>`;
    // Either refused or left unexpanded: never the 250 kB the entities would expand to.
    const out = await parseBody(b(bomb), 'text/xml').catch((err) => err);
    if (out instanceof Error) expect(out).toMatchObject({ status: 400, code: 'invalid_xml' });
    else expect(JSON.stringify(out.body).length).toBeLessThan(100_000);
  });

  it('bounds stored file content in multipart and keeps the true size', async () => {
    const boundary = 'XyZ';
    const big = 'a'.repeat(300 * 1024);
    const raw = b(
      `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n${big}\r\n--${boundary}--\r\n`,
    );
    const parsed = await parseBody(raw, `multipart/form-data; boundary=${boundary}`);
    expect(parsed.body).toEqual({ f: { file: 0, filename: 'big.txt', contentType: 'text/plain', size: big.length } });
    const [file] = parsed.files ?? [];
    expect(file).toMatchObject({ truncated: true, size: big.length });
    expect(Buffer.from(file.base64, 'base64').length).toBe(256 * 1024);
  });
});

describe('form field names that are object built-ins', () => {
  it('keeps constructor, toString and __proto__ as plain data', async () => {
    const parsed = await parseBody(
      b('constructor=a&toString=b&__proto__=c&__proto__=d'),
      'application/x-www-form-urlencoded',
    );
    const body = parsed.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.keys(body).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(body.constructor).toBe('a');
    expect(body.toString).toBe('b');
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual(['c', 'd']);
    expect(JSON.parse(JSON.stringify(body))).toEqual(
      JSON.parse('{"constructor":"a","toString":"b","__proto__":["c","d"]}'),
    );
  });
});

// The linear pre-parse guards: depth of JSON and XML, numbers beyond double range. Cheap
// enough for every request, exact at the limit, and never fooled by brackets in strings.
import { describe, expect, it } from 'vitest';
import { guardJson, MAX_PAYLOAD_DEPTH } from '../../../server/lib/json-guard.ts';
import { guardXmlDepth } from '../../../server/triggers/parse-xml.ts';

const b = (s: string) => Buffer.from(s);
const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('guardJson', () => {
  it('accepts exactly the limit and refuses one more level', () => {
    expect(() => guardJson(b(nest(MAX_PAYLOAD_DEPTH)))).not.toThrow();
    expect(() => guardJson(b(nest(MAX_PAYLOAD_DEPTH + 1)))).toThrow(
      expect.objectContaining({ code: 'payload_too_deep' }),
    );
    expect(() => guardJson(b(`{"a":${'{"a":'.repeat(200)}1${'}'.repeat(201)}`))).toThrow(
      expect.objectContaining({ status: 400, code: 'payload_too_deep' }),
    );
  });

  it('ignores brackets and numbers inside strings, escaped quotes included', () => {
    expect(() => guardJson(b(JSON.stringify({ s: '['.repeat(1000), t: '\\"[[[', n: '1e400' })))).not.toThrow();
  });

  it('refuses numbers that JSON.parse would turn into ±Infinity, and only those', () => {
    for (const n of ['1e400', '-1E+309', `${'9'.repeat(310)}`, '1.5e99999999999']) {
      expect(() => guardJson(b(`[${n}]`)), n).toThrow(expect.objectContaining({ code: 'number_out_of_range' }));
    }
    for (const n of ['1.7976931348623157e308', '1e-400', '-0', '12345678901234567890', '5e-324']) {
      expect(() => guardJson(b(`{"n":${n}}`)), n).not.toThrow();
    }
  });

  it('is linear: a 1 MB body is scanned in well under a second', () => {
    const big = b(JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ i, s: `v${i}`, f: i * 1.5e10 }))));
    const start = performance.now();
    guardJson(big);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('guardXmlDepth', () => {
  const xml = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;
  it('counts elements, not self-closing tags, comments, CDATA, PIs or doctype brackets', () => {
    expect(() => guardXmlDepth(xml(MAX_PAYLOAD_DEPTH))).not.toThrow();
    expect(() => guardXmlDepth(xml(MAX_PAYLOAD_DEPTH + 1))).toThrow(
      expect.objectContaining({ code: 'payload_too_deep' }),
    );
    const noise = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "<a>">]><r>${'<b/><!-- <a> --><![CDATA[<a><a>]]><c x="<a>"/>'.repeat(500)}</r>`;
    expect(() => guardXmlDepth(noise)).not.toThrow();
  });
});

// fast-check generators of hostile-but-well-framed trigger requests: bodies, content types,
// encodings (applied, mislabelled or bogus) and extra headers, aimed at all three URLs.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { FuzzRequest } from './corpus.ts';

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/json',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=XX',
  'multipart/form-data; boundary="a b"',
  'multipart/form-data',
  'application/xml',
  'text/xml; charset=iso-8859-1',
  'application/atom+xml',
  'text/plain',
  'text/csv',
  'application/octet-stream',
  '',
];

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
/** Header values an HTTP client can send: visible Latin-1 and spaces. */
const headerValue = fc.stringMatching(/^[\x21-\x7e\xa0-\xff][\x20-\x7e\xa0-\xff]{0,80}$/);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.tuple(token, token).map(([a, b]) => `${a}/${b}`) },
  { weight: 1, arbitrary: headerValue },
);

const deepBody = fc
  .record({
    depth: fc.integer({ min: 100, max: 8000 }),
    kind: fc.constantFrom('[', '{"a":', '<a>'),
    closed: fc.boolean(),
  })
  .map(({ depth, kind, closed }) => {
    const close = kind === '[' ? ']' : kind === '<a>' ? '</a>' : '}';
    const inner = kind === '{"a":' ? '1' : '';
    return Buffer.from(kind.repeat(depth) + inner + (closed ? close.repeat(depth) : ''));
  });

const hugeNumber = fc
  .record({
    mantissa: fc.integer({ min: -9, max: 9 }),
    exponent: fc.integer({ min: 300, max: 100_000 }),
    sign: fc.constantFrom('', '-', '+'),
  })
  .map(({ mantissa, exponent, sign }) => Buffer.from(`{"id":"n","v":[${mantissa}e${sign}${exponent}]}`));

const jsonText = fc.json({ maxDepth: 6 }).map((s) => Buffer.from(s));

/** Valid JSON cut short or with garbage spliced in. */
const brokenJson = fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.string({ maxLength: 8 })).map(([s, at, junk]) => {
  const cut = at % (s.length + 1);
  return Buffer.from(s.slice(0, cut) + junk + s.slice(cut + (at % 3)));
});

const formBody = fc
  .array(
    fc.tuple(
      fc.string({ maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', '%', '%zz', '%E0%A4', '+'),
    ),
    {
      maxLength: 40,
    },
  )
  .map((pairs) => Buffer.from(pairs.map(([k, v, bad]) => `${encodeURIComponent(k)}${bad}=${v}${bad}`).join('&')));

const part = fc.record({
  name: fc.string({ maxLength: 10 }),
  filename: fc.option(fc.string({ maxLength: 10 })),
  value: fc.string({ maxLength: 40 }),
  type: fc.option(fc.constantFrom('text/plain', 'application/json', 'x/y; a=b')),
});

const multipartBody = fc
  .record({ parts: fc.array(part, { maxLength: 8 }), cutAt: fc.option(fc.nat()), close: fc.boolean() })
  .map(({ parts, cutAt, close }) => {
    let s = parts
      .map(
        (p) =>
          `--XX\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === null ? '' : `; filename="${p.filename}"`}\r\n${
            p.type ? `Content-Type: ${p.type}\r\n` : ''
          }\r\n${p.value}\r\n`,
      )
      .join('');
    if (close) s += '--XX--\r\n';
    if (cutAt !== null) s = s.slice(0, cutAt % (s.length + 1));
    return Buffer.from(s);
  });

const xmlBody = fc
  .record({
    names: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 1, maxLength: 6 }),
    text: fc.string({ maxLength: 20 }),
    ref: fc.constantFrom(
      '',
      '&#233;',
      '&#x41;',
      '&#0;',
      '&#xD800;',
      '&amp;',
      '&nbsp;',
      '&unknown;',
      '&#99999999;',
      '<![CDATA[<x>]]>',
    ),
    unclosed: fc.boolean(),
  })
  .map(({ names, text, ref, unclosed }) => {
    const open = names.map((n) => `<${n} a="1">`).join('');
    const close = unclosed
      ? ''
      : [...names]
          .reverse()
          .map((n) => `</${n}>`)
          .join('');
    return Buffer.from(`<?xml version="1.0"?>${open}${text.replace(/[<&]/g, '')}${ref}${close}`);
  });

const bytes = fc.uint8Array({ maxLength: 2048 }).map((u) => Buffer.from(u));

const bodies = fc.oneof(
  { weight: 3, arbitrary: jsonText },
  { weight: 3, arbitrary: brokenJson },
  { weight: 2, arbitrary: deepBody },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 2, arbitrary: formBody },
  { weight: 3, arbitrary: multipartBody },
  { weight: 2, arbitrary: xmlBody },
  { weight: 2, arbitrary: bytes },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 1, arbitrary: jsonText.map((j) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), j])) },
);

const ENCODE: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => gzipSync(b),
  deflate: (b) => deflateSync(b),
  'deflate-raw': (b) => deflateRawSync(b),
  br: (b) => brotliCompressSync(b),
};

/** none; a real coding applied; a coding claimed but not applied; a bogus coding. */
const encoding = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ header: null as string | null, apply: null as string | null }) },
  { weight: 3, arbitrary: fc.constantFrom('gzip', 'deflate', 'br').map((c) => ({ header: c, apply: c })) },
  { weight: 1, arbitrary: fc.constant({ header: 'deflate', apply: 'deflate-raw' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('gzip', 'br', 'deflate', 'identity').map((c) => ({ header: c, apply: null })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('gzip, br', 'compress', 'x-zip', ' , ', 'GZIP').map((c) => ({ header: c, apply: null })),
  },
);

const extraHeaders = fc.dictionary(
  fc.oneof(
    token.map((t) => `x-${t}`),
    fc.constantFrom('x-hub-signature-256', 'x-forwarded-for', 'authorization', 'cookie'),
  ),
  headerValue,
  { maxKeys: 4 },
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    path: fc.constantFrom('open', 'open', 'openTest', 'signedTest') as fc.Arbitrary<FuzzRequest['path']>,
    method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'PATCH', 'GET', 'DELETE'),
    contentType,
    body: bodies,
    encoding,
    extra: extraHeaders,
  })
  .map(({ path, method, contentType, body, encoding, extra }) => {
    const headers: Record<string, string> = { ...extra };
    if (contentType) headers['content-type'] = contentType;
    if (encoding.header) headers['content-encoding'] = encoding.header;
    const sent = encoding.apply ? ENCODE[encoding.apply](body) : body;
    return { path, method, headers, body: method === 'GET' ? Buffer.alloc(0) : sent };
  });

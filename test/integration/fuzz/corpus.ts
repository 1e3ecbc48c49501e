// Known-bad requests, kept forever: every input issue 10 found plus the classics. Two kinds:
// `http` cases go through an HTTP client (well-framed, hostile content); `raw` cases are
// bytes on a socket (broken framing, which no client would send).
import { gzipSync } from 'node:zlib';
import { rawRequest } from '../../helpers/raw-http.ts';

export type FuzzRequest = {
  path: 'open' | 'openTest' | 'signedTest';
  method: string;
  headers: Record<string, string>;
  body: Buffer;
};

export type RawCase = {
  name: string;
  /** Builds the bytes for a request path. */
  bytes: (path: string) => Buffer[];
  /** The connection must carry at least one answer (false: we cut it ourselves). */
  answered: boolean;
  halfClose?: boolean;
  abort?: boolean;
};

const b = (s: string) => Buffer.from(s, 'latin1');
const multipart = 'multipart/form-data; boundary=XX';
const deep = (n: number, open = '[', close = ']') => b(open.repeat(n) + close.repeat(n));

/** Content that reached a 5xx, a crash or a silent change before issue 10. */
export const HTTP_CORPUS: { name: string; type: string; body: Buffer; encoding?: string }[] = [
  {
    name: 'truncated multipart file',
    type: multipart,
    body: b('--XX\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello'),
  },
  {
    name: 'truncated multipart field',
    type: multipart,
    body: b('--XX\r\nContent-Disposition: form-data; name="f"\r\n\r\nv'),
  },
  { name: 'multipart, no boundary param', type: 'multipart/form-data', body: b('--XX\r\n\r\n') },
  { name: 'multipart, empty boundary', type: 'multipart/form-data; boundary=', body: b('----\r\n') },
  { name: 'multipart, bad part header', type: multipart, body: b('--XX\r\nContent-Disposition\r\n\r\nx\r\n--XX--') },
  { name: 'multipart, header without end', type: multipart, body: b(`--XX\r\n${'a'.repeat(90_000)}`) },
  {
    name: 'multipart, 1001 fields',
    type: multipart,
    body: b(
      `${Array.from({ length: 1001 }, (_, i) => `--XX\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('')}--XX--`,
    ),
  },
  {
    name: 'multipart, 21 files',
    type: multipart,
    body: b(
      `${Array.from({ length: 21 }, (_, i) => `--XX\r\nContent-Disposition: form-data; name="f"; filename="${i}"\r\n\r\nv\r\n`).join('')}--XX--`,
    ),
  },
  { name: 'form, 1001 fields', type: 'application/x-www-form-urlencoded', body: b(Array(1001).fill('a=1').join('&')) },
  { name: 'form, bad percent-encoding', type: 'application/x-www-form-urlencoded', body: b('a=%zz%&%=%%&b=%E0%A4%A') },
  { name: 'JSON 6,000 deep arrays', type: 'application/json', body: deep(6000) },
  { name: 'JSON 6,000 deep objects', type: 'application/json', body: b(`${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`) },
  { name: 'JSON deep, no content type', type: '', body: deep(6000) },
  { name: 'JSON deep, unclosed', type: 'application/json', body: b('['.repeat(50_000)) },
  { name: 'XML 6,000 deep', type: 'application/xml', body: deep(6000, '<a>', '</a>') },
  { name: 'XML deep, unclosed', type: 'text/xml', body: b('<a>'.repeat(20_000)) },
  {
    name: 'XML entity bomb',
    type: 'text/xml',
    body: b(
      `<!DOCTYPE l [<!ENTITY a "${'x'.repeat(5000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;&c;&c;&c;&c;</l>`,
    ),
  },
  { name: 'XML bad char refs', type: 'text/xml', body: b('<a>&#0;&#xD800;&#x110000;&#99999999999999999999;</a>') },
  {
    name: 'XML external entity',
    type: 'application/xml',
    body: b('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
  },
  { name: 'JSON 1e400', type: 'application/json', body: b('{"id":"x","n":1e400}') },
  { name: 'JSON -1e400 deep in an array', type: 'text/json', body: b('[[[[-1e400]]]]') },
  { name: 'JSON 400-digit number', type: 'application/json', body: b(`{"n":${'9'.repeat(400)}}`) },
  { name: 'JSON with BOM', type: 'application/json', body: Buffer.concat([b('\xef\xbb\xbf'), b('{"id":1}')]) },
  {
    name: 'JSON, invalid UTF-8',
    type: 'application/json',
    body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
  },
  { name: 'JSON, lone surrogate escape', type: 'application/json', body: b('{"id":"\\ud800"}') },
  { name: 'JSON, __proto__ key', type: 'application/json', body: b('{"__proto__":{"polluted":1},"id":"p"}') },
  { name: 'text, invalid UTF-8', type: 'text/plain', body: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]) },
  {
    name: 'gzip bomb',
    type: 'application/json',
    encoding: 'gzip',
    body: gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)),
  },
  { name: 'gzip, truncated', type: 'application/json', encoding: 'gzip', body: gzipSync('{"id":"t"}').subarray(0, 12) },
  { name: 'gzip header, plain body', type: 'application/json', encoding: 'gzip', body: b('{"id":"plain"}') },
  { name: 'unknown encoding', type: 'application/json', encoding: 'compress', body: b('{}') },
  { name: 'three layers', type: 'application/json', encoding: 'gzip, gzip, gzip', body: b('{}') },
  { name: 'odd content type', type: 'application/json; charset=utf-32; boundary="', body: b('{}') },
  { name: 'content type garbage', type: ';;;===\t', body: b('{"a":1}') },
];

const mp = (path: string, body: string, extra: Record<string, string> = {}) =>
  rawRequest('POST', path, { 'content-type': multipart, ...extra }, body);

export const RAW_CORPUS: RawCase[] = [
  {
    name: 'bytes after the declared body',
    answered: true,
    bytes: (p) => [
      rawRequest('POST', p, { 'content-type': 'application/json', 'content-length': '2' }),
      b('{}GARBAGE\r\n\r\n'),
    ],
  },
  { name: 'garbage request line', answered: true, bytes: () => [b('GARBAGE\r\n\r\n')] },
  { name: 'NUL in the request line', answered: true, bytes: (p) => [b(`POST ${p}\0 HTTP/1.1\r\nhost: x\r\n\r\n`)] },
  {
    name: 'control character in a header value',
    answered: true,
    bytes: (p) => [b(`POST ${p} HTTP/1.1\r\nhost: x\r\nx-a: a\x01b\r\ncontent-length: 0\r\n\r\n`)],
  },
  {
    name: 'Latin-1 header value',
    answered: true,
    bytes: (p) => [
      b(`POST ${p} HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain; x=\xe9\xff\r\ncontent-length: 2\r\n\r\nhi`),
    ],
  },
  {
    name: '40 kB header',
    answered: true,
    bytes: (p) => [rawRequest('POST', p, { 'x-pad': 'a'.repeat(40_000) }, '{}')],
  },
  {
    name: '3,000 headers',
    answered: true,
    bytes: (p) => [
      rawRequest('POST', p, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, 'v'])), '{}'),
    ],
  },
  {
    name: 'content-length and chunked (smuggling)',
    answered: true,
    bytes: (p) => [
      b(`POST ${p} HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`),
    ],
  },
  {
    name: 'two content-lengths',
    answered: true,
    bytes: (p) => [b(`POST ${p} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`)],
  },
  {
    name: 'negative content-length',
    answered: true,
    bytes: (p) => [b(`POST ${p} HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n`)],
  },
  {
    name: 'absurd content-length',
    answered: true,
    bytes: (p) => [rawRequest('POST', p, { 'content-length': '99999999999999999999' }, '{}')],
  },
  {
    name: 'bad chunk size',
    answered: true,
    bytes: (p) => [
      rawRequest(
        'POST',
        p,
        { 'transfer-encoding': 'chunked', 'content-type': 'application/json' },
        '2\r\n{}\r\nZZ\r\n',
      ),
    ],
  },
  {
    name: 'chunk longer than declared',
    answered: true,
    bytes: (p) => [rawRequest('POST', p, { 'transfer-encoding': 'chunked' }, '1\r\n{}\r\n0\r\n\r\n')],
  },
  {
    name: 'chunked, valid',
    answered: true,
    bytes: (p) => [
      rawRequest(
        'POST',
        p,
        { 'transfer-encoding': 'chunked', 'content-type': 'application/json' },
        '2\r\n{}\r\n0\r\n\r\n',
      ),
    ],
  },
  { name: 'HTTP/1.0, no host', answered: true, bytes: (p) => [b(`POST ${p} HTTP/1.0\r\ncontent-length: 2\r\n\r\n{}`)] },
  { name: 'HTTP/2 preface', answered: true, bytes: () => [b('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')] },
  {
    name: 'truncated body, half-closed',
    answered: true,
    halfClose: true,
    bytes: (p) => [
      mp(p, '--XX\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nhel', { 'content-length': '5000' }),
    ],
  },
  {
    name: 'truncated chunked body, half-closed',
    answered: true,
    halfClose: true,
    bytes: (p) => [rawRequest('POST', p, { 'transfer-encoding': 'chunked' }, '10\r\n{"a"')],
  },
  {
    name: 'upload reset mid-body',
    answered: false,
    abort: true,
    bytes: (p) => [
      mp(p, '--XX\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nhel', { 'content-length': '5000' }),
    ],
  },
  {
    name: 'reset after the full body',
    answered: false,
    abort: true,
    bytes: (p) => [rawRequest('POST', p, { 'content-type': 'application/json' }, '{"id":"reset"}')],
  },
  {
    name: 'slow bytes after a body',
    answered: true,
    bytes: (p) => [rawRequest('POST', p, { 'content-type': 'application/json' }, '{}'), b('X'), b('Y\r\n\r\n')],
  },
];

// The generic preset, for senders with their own scheme: a header carrying
// `<prefix><hex|base64 HMAC>` of a template over the body, an optional timestamp header
// and other headers. Built per trigger from its options, so nothing is parsed per request.
import type { GenericHmacOptions } from '../../workflow/types.ts';
import { anyMatch, checkTimestamp, decodeSignature, hmac } from './hmac.ts';
import { fail, type HmacPreset, header, type VerifyInput } from './types.ts';

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'body' }
  | { kind: 'timestamp' }
  | { kind: 'header'; name: string };

/** Splits a template into parts; returns an error message when it names something unknown. */
export function parseTemplate(template: string): Part[] | string {
  const parts: Part[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: 'text', text: template.slice(last, m.index) });
    const name = m[1];
    if (name === 'body') parts.push({ kind: 'body' });
    else if (name === 'timestamp') parts.push({ kind: 'timestamp' });
    else if (name.startsWith('header:') && name.length > 7) parts.push({ kind: 'header', name: name.slice(7) });
    else return `unknown placeholder {${name}}; use {body}, {timestamp} or {header:<name>}`;
    last = re.lastIndex;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  if (!parts.some((p) => p.kind === 'body')) return 'the template must contain {body}';
  return parts;
}

export function genericPreset(opts: GenericHmacOptions): HmacPreset {
  const algorithm = opts.algorithm ?? 'sha256';
  const encoding = opts.encoding ?? 'hex';
  const prefix = opts.prefix ?? '';
  const parsed = parseTemplate(opts.template ?? '{body}');
  if (typeof parsed === 'string') throw new Error(parsed);
  if (parsed.some((p) => p.kind === 'timestamp') && !opts.timestampHeader) {
    throw new Error('the template uses {timestamp}: set timestampHeader');
  }
  return {
    name: 'generic',
    verify(input, secrets, toleranceMs) {
      const value = header(input.headers, opts.header);
      if (!value) return fail('signature_missing', `${opts.header} header is missing`);
      if (!value.startsWith(prefix)) return fail('signature_invalid', `${opts.header} must start with "${prefix}"`);
      const given = decodeSignature(value.slice(prefix.length), encoding);
      if (!given) return fail('signature_invalid', `${opts.header} is not ${encoding}`);
      let ts: string | undefined;
      if (opts.timestampHeader) {
        ts = header(input.headers, opts.timestampHeader);
        const stale = checkTimestamp(ts, input.now, toleranceMs);
        if (stale) return stale;
      }
      const pieces = parsed.map((p) => piece(p, input, ts));
      const expected = secrets.map((s) => hmac(algorithm, s, ...pieces));
      return anyMatch(expected, [given]) ? null : fail('signature_invalid', `${opts.header} does not match`);
    },
  };
}

function piece(p: Part, input: VerifyInput, ts: string | undefined): string | Buffer {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'body':
      return input.rawBody;
    case 'timestamp':
      return ts ?? '';
    case 'header':
      return header(input.headers, p.name) ?? '';
  }
}

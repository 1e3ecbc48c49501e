// Turns the raw body into `trigger.body` by content type: JSON, form, multipart (fields and
// file references; file content goes to `trigger.files`), XML (see parse-xml.ts), text.
// Unknown types are kept as base64 with their content type, so nothing is silently dropped.
// Every failure is a UserError with a documented code (README "Request parsing"): nothing
// a sender puts in a body can throw anything else out of here.

import { UserError } from '../lib/errors.ts';
import { guardJson } from '../lib/json-guard.ts';
import { decodeBody } from './decode-body.ts';
import { addField, FORM_LIMITS, tooManyParts } from './form-fields.ts';
import { parseMultipart, type StoredFile } from './parse-multipart.ts';
import { parseXml } from './parse-xml.ts';

export type ParsedBody = {
  body: unknown;
  kind: 'json' | 'form' | 'multipart' | 'xml' | 'text' | 'binary' | 'empty';
  files?: StoredFile[];
};

export type ParseOptions = {
  /** The Content-Encoding header as received. */
  contentEncoding?: string;
  /** Bound on the decoded size of a compressed body (defaults to the raw size bound of 1 MiB). */
  maxDecodedBytes?: number;
};

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonType(type: string): boolean {
  return type.endsWith('/json') || type.endsWith('+json');
}

export async function parseBody(
  sent: Buffer,
  contentType: string | undefined,
  options: ParseOptions = {},
): Promise<ParsedBody> {
  if (sent.length === 0) return { body: null, kind: 'empty' };
  const raw = await decodeBody(sent, options.contentEncoding, options.maxDecodedBytes ?? 1024 * 1024);
  const type = mediaType(contentType);
  if (isJsonType(type) || (type === '' && looksLikeJson(raw))) return { body: parseJson(raw), kind: 'json' };
  if (type === 'application/x-www-form-urlencoded') {
    return { body: formToObject(new URLSearchParams(raw.toString('utf8'))), kind: 'form' };
  }
  if (type === 'multipart/form-data') {
    const { body, files } = await parseMultipart(raw, contentType as string);
    return { body, kind: 'multipart', files };
  }
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) {
    return { body: parseXml(raw.toString('utf8')), kind: 'xml' };
  }
  if (type.startsWith('text/') || type === '') return { body: raw.toString('utf8'), kind: 'text' };
  return { body: { base64: raw.toString('base64'), contentType: type, size: raw.length }, kind: 'binary' };
}

const BOM = [0xef, 0xbb, 0xbf];

function hasBom(raw: Buffer): boolean {
  return raw.length >= 3 && raw[0] === BOM[0] && raw[1] === BOM[1] && raw[2] === BOM[2];
}

function parseJson(withBom: Buffer): unknown {
  // A UTF-8 byte order mark is allowed before JSON (RFC 8259 §8.1: ignore it), as /api does.
  const raw = hasBom(withBom) ? withBom.subarray(3) : withBom;
  guardJson(raw);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    // JSON.parse quotes the input near the error; keep it printable and short.
    const message = (err as Error).message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
    throw new UserError(400, 'invalid_json', `request body is not valid JSON: ${message}`);
  }
}

function looksLikeJson(raw: Buffer): boolean {
  const start = hasBom(raw) ? 3 : 0;
  for (let i = start; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b || b === 0x5b; // { or [
  }
  return false;
}

/** Repeated keys become arrays (`tag=a&tag=b` → `{tag: ['a','b']}`), as PHP-style senders expect. */
export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let count = 0;
  for (const [k, v] of params) {
    if (++count > FORM_LIMITS.fields) throw tooManyParts('fields', FORM_LIMITS.fields);
    addField(out, k, v);
  }
  return out;
}

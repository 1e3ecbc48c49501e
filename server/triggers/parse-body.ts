// Turns the raw body into `trigger.body` by content type: JSON, form, multipart (fields and
// file references; file content goes to `trigger.files`), XML (see parse-xml.ts), text.
// Unknown types are kept as base64 with their content type, so nothing is silently dropped.

import { UserError } from '../lib/errors.ts';
import { addField } from './form-fields.ts';
import { parseMultipart, type StoredFile } from './parse-multipart.ts';
import { parseXml } from './parse-xml.ts';

export type ParsedBody = {
  body: unknown;
  kind: 'json' | 'form' | 'multipart' | 'xml' | 'text' | 'binary' | 'empty';
  files?: StoredFile[];
};

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, kind: 'empty' };
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json') || (type === '' && looksLikeJson(raw))) {
    try {
      return { body: JSON.parse(raw.toString('utf8')), kind: 'json' };
    } catch (err) {
      throw new UserError(400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
    }
  }
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

function looksLikeJson(raw: Buffer): boolean {
  const first = raw.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b || first === 0x5b; // { or [
}

/** Repeated keys become arrays (`tag=a&tag=b` → `{tag: ['a','b']}`), as PHP-style senders expect. */
export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) addField(out, k, v);
  return out;
}

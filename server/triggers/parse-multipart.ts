// multipart/form-data: fields like a form (repeated names become arrays), files as metadata
// in the body plus their content, bounded, in `trigger.files` (base64) referenced by index,
// so a workflow can forward an attachment without the execution record growing unbounded.

import busboy from 'busboy';
import { UserError } from '../lib/errors.ts';
import { addField, FORM_LIMITS, tooManyParts } from './form-fields.ts';

export type StoredFile = {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** True when the content was cut at the per-file storage bound. */
  truncated: boolean;
  base64: string;
};

export type FileRef = { file: number; filename: string; contentType: string; size: number };

export type MultipartResult = { body: Record<string, unknown>; files: StoredFile[] };

export const MULTIPART_LIMITS = { files: FORM_LIMITS.files, fields: FORM_LIMITS.fields, storedFileBytes: 256 * 1024 };

const add = (target: Record<string, unknown>, key: string, value: unknown) => addField(target, key, value);

const malformed = (err: unknown) =>
  new UserError(400, 'invalid_multipart', `multipart body is malformed: ${(err as Error)?.message ?? String(err)}`);

// Every stream busboy hands out can fail (a truncated body fails the open file stream
// too); each gets an error listener, and the first failure settles the promise: an
// 'error' event without a listener would take the whole process down.
export function parseMultipart(raw: Buffer, contentType: string): Promise<MultipartResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: UserError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        // Browsers and HTTP clients send non-ASCII names and filenames as raw UTF-8; busboy's
        // default (latin1) would store "café.txt" as "cafÃ©.txt".
        defParamCharset: 'utf8',
        // The whole body is already bounded by BODY_LIMIT, so values are never cut short;
        // counts are bounded and refused above the bound, never silently dropped.
        limits: { files: MULTIPART_LIMITS.files, fields: MULTIPART_LIMITS.fields, fieldSize: raw.length + 1 },
      });
    } catch (err) {
      reject(new UserError(400, 'invalid_multipart', `multipart body cannot be read: ${(err as Error).message}`));
      return;
    }
    const body: Record<string, unknown> = {};
    const files: StoredFile[] = [];
    bb.on('field', (name, value) => add(body, name, value));
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let kept = 0;
      stream.on('error', (err) => fail(malformed(err)));
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (kept < MULTIPART_LIMITS.storedFileBytes) {
          const part = chunk.subarray(0, MULTIPART_LIMITS.storedFileBytes - kept);
          chunks.push(part);
          kept += part.length;
        }
      });
      stream.on('end', () => {
        const index =
          files.push({
            field,
            filename: info.filename ?? '',
            contentType: info.mimeType,
            size,
            truncated: size > kept,
            base64: Buffer.concat(chunks).toString('base64'),
          }) - 1;
        const ref: FileRef = { file: index, filename: info.filename ?? '', contentType: info.mimeType, size };
        add(body, field, ref);
      });
    });
    bb.on('filesLimit', () => fail(tooManyParts('files', MULTIPART_LIMITS.files)));
    bb.on('fieldsLimit', () => fail(tooManyParts('fields', MULTIPART_LIMITS.fields)));
    bb.on('error', (err) => fail(malformed(err)));
    bb.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ body, files });
    });
    try {
      bb.end(raw);
    } catch (err) {
      fail(malformed(err));
    }
  });
}

// Reads the raw request body up to the limit. The raw bytes are kept because signature
// verification must run on exactly what the sender signed.
import type { IncomingMessage } from 'node:http';
import { UserError } from '../lib/errors.ts';

export function tooLarge(limit: number, what = ''): UserError {
  return new UserError(413, 'payload_too_large', `${what}request body exceeds the limit of ${limit} bytes`, { limit });
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(new UserError(400, 'body_unreadable', `request body could not be read: ${err.message}`));
    });
  });
}

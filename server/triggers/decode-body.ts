// Content-Encoding: gzip, deflate and br bodies are decoded (after verification, which runs
// on the bytes as sent: that is what senders sign), with the decoded size bounded so a
// zip bomb costs us no more memory than the body limit. Anything else is refused: parsing
// compressed bytes as if they were plain would store garbage and answer 2xx.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { UserError } from '../lib/errors.ts';
import { tooLarge } from './read-body.ts';

type Decoder = (raw: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip) as Decoder;
const inflate = promisify(zlib.inflate) as Decoder;
const inflateRaw = promisify(zlib.inflateRaw) as Decoder;
const brotli = promisify(zlib.brotliDecompress) as Decoder;

/** More layers than this is not a real sender. */
const MAX_LAYERS = 2;

// `deflate` is zlib-wrapped per RFC 9110, but some senders send raw deflate: accept both.
const inflateEither: Decoder = (raw, options) =>
  inflate(raw, options).catch((err) => (isTooLarge(err) ? Promise.reject(err) : inflateRaw(raw, options)));

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  deflate: inflateEither,
  br: brotli,
};

export const SUPPORTED_ENCODINGS = Object.keys(DECODERS);

function isTooLarge(err: unknown): boolean {
  return (err as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** `encoding` is the Content-Encoding header as received (several codings, comma-separated, applied in order). */
export async function decodeBody(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  if (!encoding) return raw;
  const codings = encoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return raw;
  if (codings.length > MAX_LAYERS || codings.some((c) => !Object.hasOwn(DECODERS, c))) {
    throw new UserError(
      415,
      'unsupported_encoding',
      `Content-Encoding "${encoding.slice(0, 100)}" is not supported; use ${SUPPORTED_ENCODINGS.join(', ')} or none (at most ${MAX_LAYERS} layers)`,
      { supported: SUPPORTED_ENCODINGS },
    );
  }
  let out = raw;
  // The last coding applied by the sender is listed last, so it is undone first.
  for (const coding of codings.reverse()) {
    try {
      out = await DECODERS[coding](out, { maxOutputLength: maxBytes });
    } catch (err) {
      if (isTooLarge(err)) throw tooLarge(maxBytes, 'decoded ');
      throw new UserError(400, 'invalid_encoding', `the body is not valid ${coding} data: ${(err as Error).message}`);
    }
  }
  return out;
}

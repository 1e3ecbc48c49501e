// One linear pass over raw JSON bytes, before JSON.parse, for the two things JSON.parse lets
// through that break us later: nesting so deep that every recursive consumer (JSON.stringify
// in the store, ajv, JSONata) overflows the stack, and numbers beyond double range, which
// JSON.parse turns into Infinity and JSON.stringify then silently into null. A loop with a
// counter, never recursion, so the check itself cannot overflow.
import { UserError } from './errors.ts';

/** Deepest nesting of arrays/objects accepted in a JSON (or XML) body. */
export const MAX_PAYLOAD_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function startsNumber(b: number): boolean {
  return b === MINUS || (b >= 0x30 && b <= 0x39);
}

function inNumber(b: number): boolean {
  // digits, '.', 'e', 'E', '+', '-'
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2b || b === MINUS;
}

/**
 * Throws `400 payload_too_deep` or `400 number_out_of_range`; silent for anything else,
 * malformed JSON included (JSON.parse reports that with its own message).
 */
export function guardJson(raw: Uint8Array, maxDepth = MAX_PAYLOAD_DEPTH): void {
  let depth = 0;
  let inString = false;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const b = raw[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > maxDepth) {
        throw new UserError(400, 'payload_too_deep', `the body nests deeper than ${maxDepth} levels`, {
          maxDepth,
        });
      }
    } else if (b === 0x5d || b === 0x7d) depth--;
    else if (startsNumber(b)) {
      let j = i + 1;
      let exponent = false;
      while (j < n && inNumber(raw[j])) {
        if (raw[j] === 0x65 || raw[j] === 0x45) exponent = true;
        j++;
      }
      // Only long tokens or ones with an exponent can leave double range; the rest is cheap.
      if (exponent || j - i > 300) checkNumber(raw, i, j);
      i = j - 1;
    }
  }
}

function checkNumber(raw: Uint8Array, start: number, end: number): void {
  const token = Buffer.from(raw.buffer, raw.byteOffset + start, end - start).toString('latin1');
  const value = Number(token);
  if (Number.isNaN(value) || Number.isFinite(value)) return; // NaN: malformed, JSON.parse says so
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  throw new UserError(
    400,
    'number_out_of_range',
    `the number ${shown} is beyond the range of a double-precision number`,
    { number: shown },
  );
}

// Bounds what one step record may occupy in storage. A larger input or output is replaced
// by a visible marker with its original size and the start of its JSON text. The running
// execution keeps the full value in memory, so the steps after it still see everything; only
// an execution resumed from storage (after a retry wait or a restart) sees the marker.
import { getNode } from '../nodes/registry.ts';
import { withStepWrites } from '../store/step-writes.ts';
import type { StepRecord, Store } from '../store/store.ts';

export const TRUNCATED_MARKER = '$truncated';

export type TruncatedValue = { [TRUNCATED_MARKER]: true; originalBytes: number; limitBytes: number; preview: string };

const PREVIEW_CHARS = 1024;
// Deeper values are measured by JSON.stringify itself.
const MAX_BOUND_DEPTH = 64;

export function limitValue(value: unknown, maxBytes: number): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  // A string's UTF-8 size is at most three bytes per UTF-16 unit: short ones need no check.
  if (typeof value === 'string' && value.length * 3 <= maxBytes) return value;
  // Most records are small: bounding their size from above costs less than serialising
  // them only to measure (the store serialises them again to write them).
  if (jsonBytesAtMost(value, maxBytes, 0) >= 0) return value;
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return value;
  const truncated: TruncatedValue = {
    [TRUNCATED_MARKER]: true,
    originalBytes: bytes,
    limitBytes: maxBytes,
    preview: text.slice(0, Math.min(PREVIEW_CHARS, maxBytes)),
  };
  return truncated;
}

/**
 * What is left of `budget` after an upper bound of the value's JSON size in UTF-8 bytes,
 * or -1 once the bound exceeds it, or for anything but plain data (a Date, a Buffer, a
 * function), whose JSON form only JSON.stringify knows. A UTF-16 unit takes at most 6 bytes
 * in JSON (`\u001f`), a number at most 24 characters.
 */
function jsonBytesAtMost(value: unknown, budget: number, depth: number): number {
  if (budget < 0 || depth > MAX_BOUND_DEPTH) return -1;
  switch (typeof value) {
    case 'string':
      return budget - value.length * 6 - 2;
    case 'number':
      return budget - 24;
    case 'boolean':
    case 'undefined':
      return budget - 5;
    case 'object': {
      if (value === null) return budget - 4;
      let left = budget - 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          left = jsonBytesAtMost(item, left - 1, depth + 1);
          if (left < 0) return -1;
        }
        return left;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return -1;
      for (const key in value) {
        left = jsonBytesAtMost((value as Record<string, unknown>)[key], left - key.length * 6 - 4, depth + 1);
        if (left < 0) return -1;
      }
      return left;
    }
    default:
      return -1;
  }
}

export function withStepOutputLimit(store: Store, maxBytes: number): Store {
  const limit = (record: StepRecord): StepRecord => {
    // A loop's input is its item list, which it needs whole to resume: never cut it.
    const input = getNode(record.type)?.kind === 'loop' ? record.input : limitValue(record.input, maxBytes);
    const output = limitValue(record.output, maxBytes);
    return input === record.input && output === record.output ? record : { ...record, input, output };
  };
  return withStepWrites(store, { map: limit });
}

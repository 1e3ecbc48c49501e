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

export function limitValue(value: unknown, maxBytes: number): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  // A string's UTF-8 size is at most three bytes per UTF-16 unit: short ones need no check.
  if (typeof value === 'string' && value.length * 3 <= maxBytes) return value;
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

export function withStepOutputLimit(store: Store, maxBytes: number): Store {
  const limit = (record: StepRecord): StepRecord => {
    // A loop's input is its item list, which it needs whole to resume: never cut it.
    const input = getNode(record.type)?.kind === 'loop' ? record.input : limitValue(record.input, maxBytes);
    const output = limitValue(record.output, maxBytes);
    return input === record.input && output === record.output ? record : { ...record, input, output };
  };
  return withStepWrites(store, { map: limit });
}

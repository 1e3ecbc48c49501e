// Typing `=` as the first character of a fixed value is how people write expressions (the
// hints say "=steps.shape"), so it switches the field to expression mode rather than storing
// a literal. Only a second `=` typed straight after that switch keeps a literal `=` (`==`).
import type { FieldKind } from './schema-fields.ts';

/** True for controls that hold text the `=` could be typed in front of. */
function isTextControl(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && ['text', 'search', 'url', 'email', ''].includes(target.type);
}

/**
 * The expression body to switch to when `=` is typed into a fixed control, or null when the
 * key should be typed as usual (not at the start, or a key-value row that holds values).
 */
export function bodyForTypedEquals(kind: FieldKind, target: EventTarget | null, value: unknown): string | null {
  if (kind === 'jsonata') return null;
  if (kind === 'keyValue') {
    // Row values take `=expr` inline; only a fresh editor's first name box starts a whole-map expression.
    const element = target as HTMLElement | null;
    const empty = !value || (typeof value === 'object' && Object.keys(value as object).length === 0);
    return element?.dataset?.kv === 'name' && empty && (element as HTMLInputElement).value === '' ? '' : null;
  }
  if (isTextControl(target)) {
    const start = target.selectionStart ?? 0;
    if (start !== 0) return null;
    // Text already starting with `=` is a deliberate literal; typing in front of it stays literal.
    if (target.value.startsWith('=') && (target.selectionEnd ?? 0) === 0) return null;
    return target.value.slice(target.selectionEnd ?? 0);
  }
  // Number inputs, checkboxes and selects cannot hold `=`: the key means "compute this".
  if (target instanceof HTMLInputElement && target.type === 'number') return target.value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** True when a keyboard event is a plain `=` (no shortcut modifier). */
export function isPlainEquals(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key === '=' && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/** Kinds whose fixed value is a string, so a literal `=` means something. */
export function holdsLiteralText(kind: FieldKind): boolean {
  return kind === 'text' || kind === 'multiline';
}

import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { FieldPath } from './field-paths.ts';
import { JSONATA_FUNCTIONS } from './jsonata-functions.ts';

const PATH_BEFORE_CURSOR = /(?:[A-Za-z_$][\w$]*|`[^`]*`)(?:\.(?:[A-Za-z_$][\w$]*|`[^`]*`)?)*$/;
const FUNCTION_BEFORE_CURSOR = /\$[\w]*$/;

/**
 * Completes the field path being typed one segment at a time: after `trigger.bo` it offers
 * `trigger.body`, after `trigger.body.` the fields of the sample's body.
 */
export function completeExpression(context: CompletionContext, paths: FieldPath[]): CompletionResult | null {
  const fn = context.matchBefore(FUNCTION_BEFORE_CURSOR);
  if (fn) {
    return {
      from: fn.from,
      options: JSONATA_FUNCTIONS.map(({ name, signature }) => ({
        label: name,
        detail: signature,
        type: 'function',
        apply: `${name}(`,
      })),
      validFor: /^\$\w*$/,
    };
  }
  const typed = context.matchBefore(PATH_BEFORE_CURSOR);
  if (!typed && !context.explicit) return null;
  const text = typed?.text ?? '';
  const from = typed?.from ?? context.pos;
  const depth = text.split('.').length;
  const options: Completion[] = paths
    .filter((entry) => entry.path.startsWith(text.slice(0, text.lastIndexOf('.') + 1)))
    .filter((entry) => entry.path.split('.').length === depth)
    .map((entry) => ({ label: entry.path, detail: entry.type, info: entry.preview, type: 'property' }));
  if (options.length === 0) return null;
  return { from, options };
}

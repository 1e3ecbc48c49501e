// One configured ajv for the whole server: all errors (users want every problem at once),
// formats, and our own `jsonata` format (checked separately by the expression compiler).
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describeErrors } from './ajv-messages.ts';

// ajv-formats ships CommonJS; under Node's ESM loader its function sits on `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv2020 {
  // verbose: messages quote the property's own description (ajv-messages.ts).
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
  addFormats(ajv);
  ajv.addFormat('jsonata', true);
  return ajv;
}

export const ajv = createAjv();

export type Problem = { pointer: string; message: string };

/** ajv errors → `{pointer, message}` with the pointer at the offending value, in words. */
export function toProblems(errors: ErrorObject[] | null | undefined, base = ''): Problem[] {
  return describeErrors(errors, base).map(({ pointer, message }) => ({ pointer, message }));
}

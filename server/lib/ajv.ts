// One configured ajv for the whole server: all errors (users want every problem at once),
// formats, and our own `jsonata` format (checked separately by the expression compiler).
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under Node's ESM loader its function sits on `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('jsonata', true);
  return ajv;
}

export const ajv = createAjv();

export type Problem = { pointer: string; message: string };

/** ajv errors → `{pointer, message}` with the pointer at the offending value. */
export function toProblems(errors: ErrorObject[] | null | undefined, base = ''): Problem[] {
  return (errors ?? []).map((e) => {
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required')
      return { pointer: `${base}${e.instancePath}/${p.missingProperty}`, message: 'is required' };
    if (e.keyword === 'additionalProperties') {
      return { pointer: `${base}${e.instancePath}/${p.additionalProperty}`, message: 'is not an allowed property' };
    }
    if (e.keyword === 'enum') {
      return {
        pointer: `${base}${e.instancePath}`,
        message: `must be one of ${(p.allowedValues as unknown[]).join(', ')}`,
      };
    }
    return { pointer: `${base}${e.instancePath}` || '/', message: e.message ?? e.keyword };
  });
}

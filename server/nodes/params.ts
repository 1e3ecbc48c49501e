// Small TypeBox builders for parameter shapes TypeBox would otherwise spell differently
// from the JSON Schema the editor's generated forms understand (`enum` lists, string maps,
// free-form objects, `type` arrays). Each still yields its static type.
import { type TUnsafe, Type } from 'typebox';

/** Title and description are what the editor shows beside a field: every param has both. */
export type Doc = { title: string; description: string; [keyword: string]: unknown };

/** `{type: 'string', enum}`: the editor renders a select. */
export const stringEnum = <const T extends readonly string[]>(values: T, doc: Doc): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...doc });

/** An object of string values (headers). */
export const stringMap = (doc: Doc): TUnsafe<Record<string, string>> =>
  Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, ...doc });

/** An object whose keys are the user's (CRM fields, properties). */
export const jsonObject = (doc: Doc): TUnsafe<Record<string, unknown>> =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', ...doc });

/** Any JSON value: payloads and bodies, usually an expression. */
export const anyValue = (doc: Doc): TUnsafe<unknown> => Type.Unsafe<unknown>({ ...doc });

/** A value of one of several JSON types, e.g. `['string', 'number']`. */
export const oneOfTypes = <T>(types: string[], doc: Doc): TUnsafe<T> => Type.Unsafe<T>({ type: types, ...doc });

/** An array of any values (Block Kit blocks, loop items): no `items` keyword, as the editor expects. */
export const anyArray = (doc: Doc): TUnsafe<unknown[]> => Type.Unsafe<unknown[]>({ type: 'array', ...doc });

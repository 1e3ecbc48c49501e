// Field builders shared by credential declarations: a secret is `writeOnly` (a password
// input in the editor, scrubbed from records), a base URL is http(s) with a default that
// tests override to reach their local stand-in.
import { type TString, Type } from 'typebox';

export const secret = (title: string, description: string): TString =>
  Type.String({ minLength: 1, writeOnly: true, title, description });

export const httpUrl = (title: string, description: string, dflt?: string): TString =>
  Type.String({ format: 'uri', pattern: '^https?://', title, description, ...(dflt ? { default: dflt } : {}) });

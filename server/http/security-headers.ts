// Browser hardening for everything express answers: the editor, the API, health and metrics.
// (Trigger replies get their own, stricter policy in the hooks handler.)
import type { RequestHandler } from 'express';
import { HSTS_VALUE } from '../lib/hook-response-headers.ts';

/**
 * The built editor is one script bundle and one stylesheet from `/assets`, so script-src
 * needs nothing but 'self'. Styles also allow 'unsafe-inline': React Flow and CodeMirror
 * position nodes and draw the editor through inline `style` attributes, which carry no
 * script. The favicon is a data: SVG. Nobody may frame the editor (clickjacking).
 */
export const EDITOR_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(opts: { hsts: boolean }): RequestHandler {
  const headers: [string, string][] = [
    ['content-security-policy', EDITOR_CONTENT_SECURITY_POLICY],
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    // Editor URLs name workflows and executions: other sites need not learn them.
    ['referrer-policy', 'same-origin'],
    // A page the editor opens (a trigger reply, a link) gets no handle on the editor's window.
    ['cross-origin-opener-policy', 'same-origin'],
  ];
  if (opts.hsts) headers.push(['strict-transport-security', HSTS_VALUE]);
  return (_req, res, next) => {
    for (const [k, v] of headers) res.setHeader(k, v);
    next();
  };
}

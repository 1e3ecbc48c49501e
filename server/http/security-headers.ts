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

/**
 * With HOOKS_PUBLIC_URL on a host of its own, that host serves trigger URLs only: were the
 * editor reachable there too, someone signing in on it would give hook replies an origin
 * with a session again. Health checks stay reachable for load balancers.
 */
export function hooksHostGuard(opts: { publicUrl: string; hooksPublicUrl: string | null }): RequestHandler {
  const hooksHost = opts.hooksPublicUrl ? new URL(opts.hooksPublicUrl).host.toLowerCase() : null;
  const editorHost = new URL(opts.publicUrl).host.toLowerCase();
  return (req, res, next) => {
    const host = req.headers.host?.toLowerCase();
    if (!hooksHost || hooksHost === editorHost || host !== hooksHost || /^\/(healthz|readyz)$/.test(req.path)) {
      return next();
    }
    res.status(404).json({
      error: { code: 'not_found', message: 'this host serves trigger URLs only; the editor and API are elsewhere' },
    });
  };
}

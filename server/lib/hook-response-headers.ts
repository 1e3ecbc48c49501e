// Replies from /hooks/* are written by workflow authors (any editor) and served from the
// editor's own origin. They must never be able to act there: a reply that ran script as the
// signed-in owner could call the API with the owner's session (same-origin fetches carry even
// SameSite=Strict cookies), and a Set-Cookie could replace the owner's session. So every hook
// reply is a sandboxed document (an opaque origin: no script, no forms, no same-origin
// access, no cookies of ours), and headers that change what a browser does for the whole
// origin are the server's alone.

/**
 * `sandbox` without any `allow-*`: the strictest policy under which a thank-you HTML page
 * still renders (markup, inline and remote styles, images, fonts). Scripts, forms, plugins,
 * popups and top-level navigation are off; `default-src 'none'` keeps the page from loading
 * scripts, frames or making requests beyond the listed passive content.
 */
export const HOOK_CONTENT_SECURITY_POLICY = [
  'sandbox',
  "default-src 'none'",
  "style-src 'unsafe-inline' https: data:",
  'img-src https: data:',
  'font-src https: data:',
  'media-src https: data:',
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/** What a year of HSTS looks like; sent when the server is reached over https. */
export const HSTS_VALUE = 'max-age=31536000';

/** The headers every hook reply carries, whatever the workflow said. */
export function hookIsolationHeaders(hsts: boolean): Record<string, string> {
  return {
    'content-security-policy': HOOK_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    // The trigger URL holds the token: a link on a reply page must not leak it as a Referer.
    'referrer-policy': 'no-referrer',
    ...(hsts ? { 'strict-transport-security': HSTS_VALUE } : {}),
  };
}

/**
 * Headers a workflow may not set on a reply: cookies (ours or any other: they would live in
 * the editor's origin), the isolation headers above (a second CSP could only be stricter, but
 * one source of truth is simpler to reason about), and headers whose effect outlives the reply
 * and reaches the whole origin — wiping its cookies and storage, pinning or moving its
 * transport, sending its error reports elsewhere, letting credentialed cross-origin reads in,
 * widening a service worker's scope.
 */
const RESERVED = new Set([
  'set-cookie',
  'set-cookie2',
  'content-security-policy',
  'content-security-policy-report-only',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
  'clear-site-data',
  'alt-svc',
  'nel',
  'report-to',
  'reporting-endpoints',
  'access-control-allow-credentials',
  'service-worker-allowed',
  'origin-agent-cluster',
]);

export function isReservedHookHeader(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

/** `headers` without the ones a workflow may not set (names compared case-insensitively). */
export function withoutReservedHookHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!isReservedHookHeader(k)) out[k] = v;
  return out;
}

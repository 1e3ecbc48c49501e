// The two cookies of a browser session: the session token (HttpOnly, never readable by
// scripts) and the CSRF token (readable by the editor, which echoes it in `x-csrf-token`).
export const SESSION_COOKIE = 'hf_session';
export const CSRF_COOKIE = 'hf_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';').map((p) => p.trim())) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export type CookieOptions = { httpOnly: boolean; secure: boolean; maxAgeSeconds: number };

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${opts.maxAgeSeconds}`, 'SameSite=Strict'];
  if (opts.httpOnly) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export function sessionCookies(
  session: { token: string; csrfToken: string; maxAgeSeconds: number },
  secure: boolean,
): string[] {
  return [
    serializeCookie(SESSION_COOKIE, session.token, { httpOnly: true, secure, maxAgeSeconds: session.maxAgeSeconds }),
    serializeCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, secure, maxAgeSeconds: session.maxAgeSeconds }),
  ];
}

export function clearedCookies(secure: boolean): string[] {
  return [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ];
}

import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie, sessionCookies } from '../../../server/auth/cookies.ts';
import { createLoginThrottle } from '../../../server/auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../../../server/auth/passwords.ts';
import { atLeast, lowerRole, requiredRole } from '../../../server/auth/roles.ts';
import { newApiKey, sameSecret, sha256 } from '../../../server/auth/tokens.ts';
import { hidePayloads } from '../../../server/auth/viewer-redaction.ts';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2$3$bad')).toBe(false);
  });
});

describe('roles policy', () => {
  it.each([
    ['POST', '/auth/login', null],
    ['POST', '/auth/setup', null],
    ['GET', '/auth/session', null],
    ['GET', '/openapi.json', null],
    ['GET', '/auth/session/x', 'viewer'],
    ['POST', '/auth/session', 'editor'],
    ['GET', '/workflows', 'viewer'],
    ['HEAD', '/workflows', 'viewer'],
    ['POST', '/workflows/validate', 'viewer'],
    ['POST', '/expressions/preview', 'viewer'],
    ['POST', '/workflows/validate/x', 'editor'],
    ['POST', '/workflows', 'editor'],
    ['PUT', '/workflows/x', 'editor'],
    ['DELETE', '/credentials/x', 'editor'],
    ['POST', '/executions/x/replay', 'editor'],
    ['GET', '/audit', 'owner'],
    ['GET', '/auth/users', 'owner'],
    ['POST', '/auth/users', 'owner'],
    ['POST', '/auth/keys', 'viewer'],
    ['DELETE', '/auth/keys/1', 'viewer'],
    ['POST', '/auth/logout', 'viewer'],
  ])('%s %s needs %s', (method, path, role) => {
    expect(requiredRole(method, path)).toBe(role);
  });

  it('orders roles and never lets a key exceed its user', () => {
    expect(atLeast('owner', 'editor')).toBe(true);
    expect(atLeast('viewer', 'editor')).toBe(false);
    expect(lowerRole('owner', 'viewer')).toBe('viewer');
    expect(lowerRole('viewer', 'owner')).toBe('viewer');
  });
});

describe('login throttle', () => {
  it('blocks after the limit within the window and frees the key when it ends', () => {
    const t = createLoginThrottle({ maxFailures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs(['a'], 100)).toBe(0);
      t.recordFailure(['a'], 100);
    }
    expect(t.retryAfterMs(['a'], 200)).toBe(900);
    expect(t.retryAfterMs(['b'], 200)).toBe(0);
    expect(t.retryAfterMs(['a'], 1100)).toBe(0);
    t.recordFailure(['b'], 0);
    t.reset('b');
    expect(t.retryAfterMs(['b'], 0)).toBe(0);
  });

  it('reserves attempts up front, all keys or none, and refunds them', () => {
    const t = createLoginThrottle({ maxFailures: 2, windowMs: 1000 });
    const a = t.reserve(['e', 'ip'], 0);
    const b = t.reserve(['e', 'ip'], 0);
    const c = t.reserve(['e', 'ip'], 0);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    expect(c.ok ? 0 : c.retryAfterMs).toBe(1000);
    if (!a.ok) throw new Error('unreachable');
    a.refund();
    a.refund(); // once only
    expect(t.retryAfterMs(['e'], 0)).toBe(0);
    expect(t.reserve(['e', 'ip'], 0).ok).toBe(true);
    expect(t.reserve(['ip'], 0).ok).toBe(false);
    // A refused reservation counted nothing: 'x' is still free.
    expect(t.reserve(['ip', 'x'], 0).ok).toBe(false);
    expect(t.retryAfterMs(['x'], 0)).toBe(0);
    // A refund after the window ended does not dent the next window.
    const d = t.reserve(['n'], 0);
    expect(t.reserve(['n'], 1500).ok).toBe(true);
    if (d.ok) d.refund();
    expect(t.reserve(['n'], 1500).ok).toBe(true);
    expect(t.reserve(['n'], 1500).ok).toBe(false);
  });

  it('stays bounded in memory', () => {
    const t = createLoginThrottle({ maxFailures: 1, windowMs: 10, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) t.recordFailure([`k${i}`], i * 20);
    expect(t.retryAfterMs(['k999'], 999 * 20)).toBe(10);
    expect(t.retryAfterMs(['k0'], 999 * 20)).toBe(0);
  });
});

describe('cookies and tokens', () => {
  it('parses and serialises cookies', () => {
    expect(parseCookies('a=1; hf_session=x%20y; bad; =z')).toEqual({ a: '1', hf_session: 'x y' });
    expect(serializeCookie('n', 'v', { httpOnly: true, secure: true, maxAgeSeconds: 60 })).toBe(
      'n=v; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure',
    );
    const [session, csrf] = sessionCookies({ token: 't', csrfToken: 'c', maxAgeSeconds: 5 }, false);
    expect(session).toContain('HttpOnly');
    expect(csrf).not.toContain('HttpOnly');
    expect(csrf).not.toContain('Secure');
  });

  it('makes API keys with 256 random bits and stores only their hash', () => {
    const k = newApiKey();
    expect(k.key).toMatch(/^hf_[\w-]{43}$/);
    expect(k.hash).toBe(sha256(k.key));
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(newApiKey().key).not.toBe(k.key);
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });

  it('hides payloads for viewers but keeps the shape', () => {
    expect(
      hidePayloads({
        id: 'e',
        trigger: { method: 'POST', body: { x: 1 }, headers: { a: 'b' }, query: { q: 'x' } },
        error: { message: 'x was 1', code: 'step_failed', stepId: 's' },
        steps: [{ input: 1, output: null, error: { message: 'about x', code: 'c' } }],
      }),
    ).toEqual({
      id: 'e',
      trigger: {
        method: 'POST',
        body: '[hidden for viewers]',
        headers: '[hidden for viewers]',
        query: '[hidden for viewers]',
      },
      error: { message: '[hidden for viewers]', code: 'step_failed', stepId: 's' },
      steps: [{ input: '[hidden for viewers]', output: null, error: { message: '[hidden for viewers]', code: 'c' } }],
    });
  });
});

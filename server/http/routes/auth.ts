// /api/auth — first setup, sign-in and sign-out, password reset by token, the session probe
// (API keys, users and sessions: api-keys.ts, users.ts, sessions.ts). Everything here except setup,
// login, reset-password and session needs a signed-in caller.
import { Router } from 'express';
import { principalOf } from '../../auth/access-middleware.ts';
import { newUser, normaliseEmail } from '../../auth/bootstrap-owner.ts';
import { clearedCookies, sessionCookies } from '../../auth/cookies.ts';
import { createLoginThrottle } from '../../auth/login-throttle.ts';
import { DUMMY_HASH_PROMISE, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../auth/passwords.ts';
import type { Principal } from '../../auth/principal.ts';
import { randomSecret, sha256 } from '../../auth/tokens.ts';
import { invalid, UserError } from '../../lib/errors.ts';
import { recordAudit } from '../../observability/audit-log.ts';
import type { UserRow } from '../../store/store.ts';
import { clientIp } from '../../triggers/verify/client-ip.ts';
import type { UserView } from '../api-types.ts';
import type { AppContext } from '../app-context.ts';

export const userView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  role: u.role,
  createdAt: new Date(u.createdAt).toISOString(),
  disabledAt: u.disabledAt === null ? null : new Date(u.disabledAt).toISOString(),
});

export function credentialsBody(body: unknown, minPassword: number): { email: string; password: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const problems: { pointer: string; message: string }[] = [];
  if (typeof b.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(b.email.trim())) {
    problems.push({ pointer: '/email', message: 'must be an e-mail address' });
  }
  if (typeof b.password !== 'string' || b.password.length < minPassword) {
    problems.push({ pointer: '/password', message: `must be a string of at least ${minPassword} characters` });
  }
  if (problems.length > 0) throw invalid('invalid request body', problems);
  return { email: b.email as string, password: b.password as string };
}

export const mustBe = (p: Principal | null): Principal => {
  if (!p) throw new UserError(401, 'unauthenticated', 'sign in first');
  return p;
};

export type SessionSettings = {
  sessionTtlMs: number;
  secureCookies: boolean;
  loginMaxAttempts: number;
  loginWindowMs: number;
};

/**
 * `auto`: Secure whenever browsers reach us over https — the public URL says so, or this
 * server itself speaks TLS (TLS_CERT/TLS_KEY), whatever PUBLIC_URL was left at.
 */
export function secureCookies(config: Pick<AppContext['config'], 'cookieSecure' | 'publicUrl' | 'tlsCert'>): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'true';
  return config.publicUrl.startsWith('https:') || config.tlsCert !== null;
}

export function sessionSettings(config: AppContext['config']): SessionSettings {
  return {
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    secureCookies: secureCookies(config),
    loginMaxAttempts: config.loginMaxAttempts,
    loginWindowMs: 15 * 60_000,
  };
}

export function authRouter(ctx: AppContext, settings: SessionSettings = sessionSettings(ctx.config)): Router {
  const router = Router({ caseSensitive: true });
  const { store, logger } = ctx;
  const byEmail = createLoginThrottle({ maxFailures: settings.loginMaxAttempts, windowMs: settings.loginWindowMs });
  const byAddress = createLoginThrottle({
    maxFailures: settings.loginMaxAttempts * 4,
    windowMs: settings.loginWindowMs,
  });
  let setupRunning: Promise<unknown> = Promise.resolve();

  const startSession = async (user: UserRow) => {
    const token = randomSecret();
    const csrfToken = randomSecret();
    const now = Date.now();
    await store.createSession({
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt: now + settings.sessionTtlMs,
    });
    const cookies = sessionCookies(
      { token, csrfToken, maxAgeSeconds: Math.floor(settings.sessionTtlMs / 1000) },
      settings.secureCookies,
    );
    return { cookies, csrfToken };
  };

  router.get('/session', async (_req, res) => {
    const p = principalOf(res);
    res.json({
      authenticated: p !== null,
      user: p ? { id: p.userId, email: p.email, role: p.role } : null,
      via: p ? (p.kind === 'user' ? 'session' : 'bearer') : null,
      csrfToken: p?.csrfToken ?? null,
      setupRequired: (await store.countUsers()) === 0,
      // With ADMIN_API_KEY set, setup is not open to anyone who reaches the port first.
      setupNeedsAdminKey: ctx.config.adminApiKey !== null,
    });
  });

  router.post('/setup', async (req, res) => {
    const { email, password } = credentialsBody(req.body, MIN_PASSWORD_LENGTH);
    const caller = principalOf(res);
    // Serialised so two racing first visitors cannot both become owner.
    const run = setupRunning.then(async () => {
      if ((await store.countUsers()) > 0) {
        throw new UserError(409, 'setup_done', 'an account exists already; sign in instead');
      }
      // The server is reachable before anyone signs in (HOST=0.0.0.0): when an admin key is
      // configured, only its holder may create the first owner.
      if (ctx.config.adminApiKey !== null && caller?.kind !== 'admin-key') {
        throw new UserError(
          403,
          'setup_needs_admin_key',
          'ADMIN_API_KEY is set: send it as Authorization: Bearer <key> to create the first owner',
        );
      }
      const user = await newUser(email, password, 'owner');
      await store.createUser(user);
      return user;
    });
    setupRunning = run.catch(() => undefined);
    const user = await run;
    const { cookies, csrfToken } = await startSession(user);
    await recordAudit(store, logger, {
      actor: { type: 'user', id: user.id, email: user.email },
      action: 'user.setup',
      resource: 'user',
      resourceId: user.id,
      method: 'POST',
      path: '/api/auth/setup',
      status: 201,
    });
    res
      .status(201)
      .setHeader('set-cookie', cookies)
      .json({ user: userView(user), csrfToken });
  });

  router.post('/login', async (req, res) => {
    const { email, password } = credentialsBody(req.body, 1);
    // Behind a reverse proxy the socket address is the proxy's: all clients would share one
    // budget (and one attacker could lock everyone out), so trusted proxies are looked through.
    const address = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], ctx.triggers.trustedProxies);
    const keys = { email: `email:${normaliseEmail(email)}`, address: `ip:${address || '?'}` };
    // The attempt is counted before the slow password check (refunded if it succeeds), so
    // parallel guesses cannot all slip past the limit while none has been counted yet.
    const emailSlot = byEmail.reserve([keys.email]);
    const addressSlot = emailSlot.ok ? byAddress.reserve([keys.address]) : emailSlot;
    if (!emailSlot.ok || !addressSlot.ok) {
      if (emailSlot.ok) emailSlot.refund();
      const wait = !emailSlot.ok ? emailSlot.retryAfterMs : addressSlot.ok ? 0 : addressSlot.retryAfterMs;
      const seconds = Math.ceil(wait / 1000);
      throw new UserError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    let user: UserRow | null;
    let ok: boolean;
    try {
      user = await store.getUserByEmail(normaliseEmail(email));
      // Unknown e-mails cost the same time as wrong passwords, so timing reveals no accounts.
      ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    } catch (err) {
      // Our failure, not a wrong guess: it does not count against the caller.
      emailSlot.refund();
      addressSlot.refund();
      throw err;
    }
    if (user && ok && user.disabledAt !== null) {
      emailSlot.refund();
      addressSlot.refund();
      await recordAudit(store, logger, {
        actor: { type: 'user', id: user.id, email: user.email },
        action: 'auth.login-disabled',
        resource: 'user',
        resourceId: user.id,
        method: 'POST',
        path: '/api/auth/login',
        status: 403,
      });
      throw new UserError(403, 'account_disabled', 'this account is disabled; ask an owner to enable it');
    }
    if (!user || !ok) {
      await recordAudit(store, logger, {
        actor: { type: 'anonymous', id: null, email: normaliseEmail(email) },
        action: 'auth.login-failed',
        resource: 'user',
        resourceId: user?.id ?? null,
        method: 'POST',
        path: '/api/auth/login',
        status: 401,
      });
      throw new UserError(401, 'invalid_login', 'e-mail or password is wrong');
    }
    byEmail.reset(keys.email);
    addressSlot.refund();
    const { cookies, csrfToken } = await startSession(user);
    await recordAudit(store, logger, {
      actor: { type: 'user', id: user.id, email: user.email },
      action: 'auth.login',
      resource: 'user',
      resourceId: user.id,
      method: 'POST',
      path: '/api/auth/login',
      status: 200,
    });
    res.setHeader('set-cookie', cookies).json({ user: userView(user), csrfToken });
  });

  router.post('/logout', async (_req, res) => {
    const p = mustBe(principalOf(res));
    if (p.sessionHash) await store.deleteSession(p.sessionHash);
    res.status(204).setHeader('set-cookie', clearedCookies(settings.secureCookies)).end();
  });

  router.post('/reset-password', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: { pointer: string; message: string }[] = [];
    if (typeof b.token !== 'string' || b.token === '' || b.token.length > 200) {
      problems.push({ pointer: '/token', message: 'must be the reset token an owner handed out' });
    }
    if (typeof b.password !== 'string' || b.password.length < MIN_PASSWORD_LENGTH) {
      problems.push({
        pointer: '/password',
        message: `must be a string of at least ${MIN_PASSWORD_LENGTH} characters`,
      });
    }
    if (problems.length > 0) throw invalid('invalid request body', problems);
    const passwordHash = await hashPassword(b.password as string);
    const userId = await store.consumePasswordReset(sha256(b.token as string), Date.now());
    const changed = userId === null ? null : await store.updateUser(userId, { passwordHash });
    if (!changed?.ok) throw new UserError(400, 'reset_token_invalid', 'the reset token is unknown, used or expired');
    // Whoever held the old password is signed out everywhere.
    await store.deleteUserSessions(changed.user.id);
    await recordAudit(store, logger, {
      actor: { type: 'user', id: changed.user.id, email: changed.user.email },
      action: 'user.password-reset-used',
      resource: 'user',
      resourceId: changed.user.id,
      method: 'POST',
      path: '/api/auth/reset-password',
      status: 204,
    });
    res.status(204).end();
  });

  return router;
}

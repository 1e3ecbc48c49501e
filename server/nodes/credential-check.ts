// "Test" for a stored credential: one harmless call that proves the value works without
// sending anything anyone would notice (SMTP: connect and authenticate; an API: "who am I").
// Types whose only call would act (an incoming webhook posts a message) are not testable.
// Everything goes through the SSRF guard like a step's calls do.

import { createSmtpTransport, type SmtpCredentialData } from './email/smtp-transport.ts';
import { baseUrl } from './outbound/json-api.ts';
import type { GuardedFetch } from './outbound/ssrf-guard.ts';

export type CheckResult = { ok: boolean; message: string };
export type CheckDeps = { fetch: GuardedFetch; resolveHost: (host: string) => Promise<string>; timeoutMs: number };

type Check = (data: Record<string, unknown>, deps: CheckDeps, signal: AbortSignal) => Promise<CheckResult>;

async function getJson(deps: CheckDeps, url: string, headers: Record<string, string>, signal: AbortSignal) {
  const res = await deps.fetch(url, {
    method: 'GET',
    headers: { accept: 'application/json', ...headers },
    redirect: 'manual',
    signal,
    credential: { headers: Object.keys(headers) },
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // a non-JSON answer is described by its status alone
  }
  return { status: res.status, body: (body ?? {}) as Record<string, unknown> };
}

const CHECKS: Record<string, Check> = {
  async smtp(data, deps) {
    const transport = await createSmtpTransport(data as SmtpCredentialData, deps.resolveHost);
    try {
      await transport.verify();
      return { ok: true, message: `connected to ${data.host}:${data.port}${data.username ? ' and signed in' : ''}` };
    } finally {
      transport.close();
    }
  },
  async slack(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://slack.com/api')}/auth.test`;
    const r = await getJson(deps, url, { authorization: `Bearer ${data.botToken as string}` }, signal);
    if (r.status === 200 && r.body.ok === true) {
      return {
        ok: true,
        message: `signed in as ${String(r.body.user ?? 'the bot')} in ${String(r.body.team ?? 'Slack')}`,
      };
    }
    return { ok: false, message: `Slack refused the token (${String(r.body.error ?? `HTTP ${r.status}`)})` };
  },
  async hubspot(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://api.hubapi.com')}/account-info/v3/details`;
    const r = await getJson(deps, url, { authorization: `Bearer ${data.accessToken as string}` }, signal);
    if (r.status === 200)
      return { ok: true, message: `HubSpot account ${String(r.body.portalId ?? '')} answered`.trim() };
    return { ok: false, message: `HubSpot answered ${r.status}${r.body.message ? `: ${String(r.body.message)}` : ''}` };
  },
  async pipedrive(data, deps, signal) {
    const url = `${baseUrl(data, 'baseUrl', 'https://api.pipedrive.com')}/api/v1/users/me`;
    const r = await getJson(deps, url, { 'x-api-token': data.apiToken as string }, signal);
    const user = (r.body.data ?? {}) as Record<string, unknown>;
    if (r.status === 200 && r.body.success !== false) {
      return { ok: true, message: `signed in as ${String(user.email ?? user.name ?? 'the token owner')}` };
    }
    return { ok: false, message: `Pipedrive answered ${r.status}${r.body.error ? `: ${String(r.body.error)}` : ''}` };
  },
};

export const TESTABLE_CREDENTIAL_TYPES: readonly string[] = Object.keys(CHECKS);

export const isTestable = (type: string): boolean => type in CHECKS;

/** Runs the type's check; a network failure, refusal or timeout is a failed check, never a throw. */
export async function checkCredential(
  value: { type: string; data: Record<string, unknown> },
  deps: CheckDeps,
): Promise<CheckResult> {
  const check = CHECKS[value.type];
  if (!check) return { ok: false, message: `a ${value.type} credential has no harmless call to test it with` };
  const signal = AbortSignal.timeout(deps.timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  // nodemailer takes no signal: the race bounds SMTP the same way.
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, message: `no answer within ${Math.round(deps.timeoutMs / 1000)} s` }),
      deps.timeoutMs,
    );
  });
  try {
    return await Promise.race([check(value.data, deps, signal), timeout]);
  } catch (err) {
    return { ok: false, message: describe(err) };
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  let cause: unknown = err.cause;
  let detail = err.message;
  // fetch says "fetch failed"; the reason (ECONNREFUSED, a blocked address) is in the cause.
  while (cause instanceof Error) {
    detail = cause.message;
    cause = cause.cause;
  }
  return typeof code === 'string' && !detail.includes(code) ? `${detail} (${code})` : detail;
}

// "Test" for a stored credential: one harmless call that proves the value works without
// sending anything anyone would notice (SMTP: connect and authenticate; an API: "who am I").
// Each credential type declares its check beside its schema (define-credential.ts `check`);
// types whose only call would act (an incoming webhook posts a message) declare none.
// Everything goes through the SSRF guard like a step's calls do.

import type { CheckDeps, CheckResult } from './define-credential.ts';
import { credentialRegistry } from './registry.ts';

export type { CheckDeps, CheckResult };

/** A decrypted credential (the vault's CredentialData; nodes/ sits below credentials/). */
type CredentialData = { type: string; data: Record<string, unknown> };

const checkOf = (type: string) => credentialRegistry.get(type)?.check;

export const TESTABLE_CREDENTIAL_TYPES: readonly string[] = [...credentialRegistry.values()]
  .filter((c) => c.check)
  .map((c) => c.type);

export const isTestable = (type: string): boolean => checkOf(type) !== undefined;

/** Runs the type's check; a network failure, refusal or timeout is a failed check, never a throw. */
export async function checkCredential(value: CredentialData, deps: CheckDeps): Promise<CheckResult> {
  const check = checkOf(value.type);
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
